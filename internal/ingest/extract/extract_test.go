package extract_test

import (
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/crosscheck-news/crosscheck/internal/ingest/extract"
	"github.com/crosscheck-news/crosscheck/internal/news"
)

func page(t testing.TB) []byte {
	b, err := os.ReadFile("../testdata/page.html")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestExtractors(t *testing.T) {
	for _, name := range []string{extract.Combined, extract.Trafilatura, extract.Readability} {
		t.Run(name, func(t *testing.T) {
			r, err := extract.Extract(page(t), extract.Options{Extractor: name})
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(r.Text, "Islanders should not pay more") {
				t.Errorf("text lost the quote:\n%s", r.Text)
			}
			// readability alone keeps the cookie banner of this page, one
			// reason trafilatura's text comes first.
			if name != extract.Readability && strings.Contains(r.Text, "cookies") {
				t.Errorf("boilerplate kept:\n%s", r.Text)
			}
			if strings.Count(r.Text, "\n\n") < 2 {
				t.Errorf("paragraphs lost:\n%s", r.Text)
			}
		})
	}
}

func TestBadPages(t *testing.T) {
	for _, tt := range []struct {
		name string
		page string
	}{
		{"empty", ""},
		{"binary", "\x00\x01\x02\x03\x04\x05garbage\x00"},
		{"no text", "<html><body><nav><a href='/'>Home</a></nav></body></html>"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := extract.Extract([]byte(tt.page), extract.Options{})
			if news.ErrorCode(err) != news.EINVALID {
				t.Fatalf("err = %v, want EINVALID", err)
			}
		})
	}
	// A page declaring UTF-8 with Latin-1 bytes is repaired, not refused.
	r, err := extract.Extract([]byte("<html><head><meta charset='utf-8'></head><body><article><p>Caf\xe9 society gathered on the quay to watch the regatta, which the harbour master opened at noon with a cannon shot over the water.</p><p>Boats from six towns raced.</p></article></body></html>"), extract.Options{})
	if err != nil || !utf8.ValidString(r.Text) || !strings.Contains(r.Text, "society") {
		t.Fatalf("lying page: %v %q", err, r)
	}
}

func FuzzExtract(f *testing.F) {
	f.Add(string(page(f)))
	f.Add("<html><body><p>x</p></body></html>")
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > 1<<16 {
			return
		}
		r, err := extract.Extract([]byte(s), extract.Options{})
		if err == nil && !utf8.ValidString(r.Text) {
			t.Fatalf("invalid UTF-8 in text")
		}
	})
}

func benchExtract(b *testing.B, name string) {
	p := page(b)
	b.SetBytes(int64(len(p)))
	for b.Loop() {
		if _, err := extract.Extract(p, extract.Options{Extractor: name}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "pages/s")
}

func BenchmarkExtractCombined(b *testing.B)    { benchExtract(b, extract.Combined) }
func BenchmarkExtractTrafilatura(b *testing.B) { benchExtract(b, extract.Trafilatura) }
func BenchmarkExtractReadability(b *testing.B) { benchExtract(b, extract.Readability) }
