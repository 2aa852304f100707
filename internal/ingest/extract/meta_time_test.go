package extract_test

import (
	"testing"
	"time"

	"github.com/crosscheck-news/crosscheck/internal/ingest/extract"
)

// TestAfterMidnightOtherMeta: a page published 00:40 past midnight
// in its own zone keeps its time whichever meta tag declares it; with a
// tag only readability reads (dcterms.created), the time is lost and the
// page is stored as a day alone (midnight UTC), which reuse now treats as
// "dated by its day alone".
func TestAfterMidnightOtherMeta(t *testing.T) {
	body := "<h1>Night fire at Brenton docks</h1><p>A fire destroyed a warehouse in the Brenton docks late on Monday night, the fire service said. No one was hurt, said fire chief Dana Morrow, who praised the crews for their quick work.</p><p>The blaze broke out shortly after 10 p.m. in a storage unit holding furniture, and crews worked through the night to stop it spreading.</p><p>The owners said the stock was lost.</p>"
	for _, tt := range []struct{ meta, want string }{
		{`<meta property="article:published_time" content="2025-09-23T00:40:00+02:00">`, "2025-09-22T22:40:00Z"},
		{`<meta name="dcterms.created" content="2025-09-23T00:40:00+02:00">`, "2025-09-22T22:40:00Z"},
	} {
		r, err := extract.Extract([]byte(`<html><head><title>Night fire</title>`+tt.meta+`<meta name="author" content="Ian Calloway"></head><body><article>`+body+`</article></body></html>`), extract.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if got := r.Published.UTC().Format(time.RFC3339); got != tt.want {
			t.Errorf("%s: Published %s, want %s", tt.meta, got, tt.want)
		}
	}
}
