package ingest_test

import (
	"context"
	"strings"
	"testing"

	"github.com/crosscheck-news/crosscheck/internal/ingest"
)

// TestReadUpperCaseScheme: URL schemes are case-insensitive (RFC 3986
// 3.1); "HTTPS://…" is an https URL, fetched (here refused as a private
// address), not an "unsupported URL scheme".
func TestReadUpperCaseScheme(t *testing.T) {
	var got error
	err := ingest.Read(context.Background(), []string{"HTTPS://127.0.0.1:1/a"}, ingest.Options{Fetcher: &ingest.Fetcher{}}, func(it ingest.Item) error {
		got = it.Err
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if got == nil || !strings.Contains(got.Error(), "non-public address") {
		t.Errorf("HTTPS:// not fetched: %v", got)
	}
}
