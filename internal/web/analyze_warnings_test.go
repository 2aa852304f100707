package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/crosscheck-news/crosscheck/internal/ingest"
	"github.com/crosscheck-news/crosscheck/internal/web"
)

// TestSubmitFeedLinkWarnings: a submitted feed whose teaser's link fails
// stores the teaser, and the result says so in its Warnings.
func TestSubmitFeedLinkWarnings(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/feed" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour Gazette</title><link>http://%s/</link>`+
			`<item><title>Quay closes</title><link>http://%s/news/quay</link><description>The eastern quay closes for an inspection of its piles, the harbour authority said.</description></item></channel></rss>`, r.Host, r.Host)
	}))
	defer srv.Close()
	an := web.NewAnalyzer(&countingPipe{}, &ingest.Fetcher{AllowPrivate: true})
	res, err := an.Submit(context.Background(), []web.Input{{URL: srv.URL + "/feed"}})
	if err != nil {
		t.Fatal(err)
	}
	if res.Stored != 1 || len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0].Error, "404") || !strings.Contains(res.Warnings[0].Error, "kept the feed's teaser") {
		t.Errorf("stored %d, warnings %+v; want the teaser and a warning of its 404", res.Stored, res.Warnings)
	}
}
