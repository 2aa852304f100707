package fts_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/crosscheck-news/crosscheck/internal/store/internal/fts"
)

func TestTerms(t *testing.T) {
	tests := []struct {
		name string
		in   []string
		want []string
	}{
		{"case and punctuation", []string{"Tram extension: APPROVED, tram!"}, []string{"tram", "extension", "approved"}},
		{"joiners split", []string{"re-elected in 2024 at 3.5% on example.com"}, []string{"re", "elected", "in", "2024", "at", "3", "5", "on", "example", "com"}},
		{"latin accents folded", []string{"Élena Müller à São Paulo"}, []string{"elena", "muller", "a", "sao", "paulo"}},
		{"decomposed input", []string{"E\u0301lena"}, []string{"elena"}},
		{"greek and cyrillic", []string{"Ἀθῆναι Йошкар-Ола"}, []string{"αθηναι", "иошкар", "ола"}},
		{"other scripts keep marks", []string{"हिन्दी 東京 ‏القاهرة"}, []string{"हिन्दी", "東京", "القاهرة"}},
		{"emoji and symbols separate", []string{"fire🔥works — “quoted”"}, []string{"fire", "works", "quoted"}},
		{"several parts, each term once", []string{"Crane collapse", "The crane fell."}, []string{"crane", "collapse", "the", "fell"}},
		{"nothing", []string{"  —!? "}, nil},
		{"invalid utf-8 separates", []string{"ab\xffcd"}, []string{"ab", "cd"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, fts.Terms(tt.in...)); diff != "" {
				t.Fatalf("Terms(%q) (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

func TestTermsCut(t *testing.T) {
	long := strings.Repeat("日", 60) // 180 bytes
	got := fts.Terms(long)
	if len(got) != 1 || len(got[0]) > fts.MaxTermLen || !utf8.ValidString(got[0]) || !strings.HasPrefix(long, got[0]) {
		t.Fatalf("Terms of a long word = %q", got)
	}
	// The same word in a query is cut at the same place.
	if q := fts.Terms("«" + long + "»"); len(q) != 1 || q[0] != got[0] {
		t.Fatalf("query terms %q, want %q", q, got)
	}
}

func TestDocument(t *testing.T) {
	if got, want := fts.Document("Crane Collapse", "A crane collapsed."), "crane collapse a collapsed"; got != want {
		t.Fatalf("Document = %q, want %q", got, want)
	}
}

func FuzzTerms(f *testing.F) {
	for _, s := range []string{"Élena Müller", "हिन्दी 東京", "re-elected 3.5", "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		terms := fts.Terms(s)
		for _, term := range terms {
			if term == "" || len(term) > fts.MaxTermLen || !utf8.ValidString(term) || strings.ContainsAny(term, " '\"\\") {
				t.Fatalf("bad term %q from %q", term, s)
			}
			// A term searched for finds itself: folding is idempotent.
			if again := fts.Terms(term); len(again) != 1 || again[0] != term {
				t.Fatalf("Terms(%q) = %q, want itself", term, again)
			}
		}
	})
}
