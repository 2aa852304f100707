package ingest

import "testing"

// TestOtherByline: the printed byline is kept as a "By" line only when it
// names none of the metadata's authors.
func TestOtherByline(t *testing.T) {
	for _, tt := range []struct{ visible, meta, want string }{
		{"By Jordan Blake, Ferry Correspondent", "Kevin Marsh", "By Jordan Blake, Ferry Correspondent"},
		{"Jordan Blake", "Kevin Marsh", "By Jordan Blake"},
		{"By Kevin Marsh | March 9, 2026", "Kevin Marsh", ""},
		{"By Ada Kerr", "Kevin Marsh and Ada Kerr", ""},
		{"By Ada Kerr", "Kevin Marsh; Ada Kerr", ""},
		{"By Kevin Marsh Staff Writer", "Kevin Marsh", ""},
		{"Kevin Marsh FerryBusiness", "Kevin Marsh", ""},
		{"March 9, 2026", "Kevin Marsh", ""},
		{"By Jordan Blake", "", ""},
		{"Von Jordan Blake · 18. June 2025", "Kevin Marsh", "Von Jordan Blake · 18. June 2025"},
	} {
		if got := otherByline(tt.visible, tt.meta); got != tt.want {
			t.Errorf("otherByline(%q, %q) = %q, want %q", tt.visible, tt.meta, got, tt.want)
		}
	}
}
