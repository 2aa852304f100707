package quote

import (
	"strings"
	"testing"
)

// TestSameFeatKey: Link's speaker comparison agrees with sameKey on every
// pair of keys.
func TestSameFeatKey(t *testing.T) {
	keys := []string{"", "obama", "barack obama", "obama barack", "barack hussein obama", "bam", "o", "obama ", " obama",
		"michelle obama", "obamas", "barack", "barack  obama", "a b", "b", "a", "ab", "b a"}
	for _, x := range keys {
		for _, y := range keys {
			a := &qfeat{key: x, oneWord: !strings.Contains(x, " ")}
			b := &qfeat{key: y, oneWord: !strings.Contains(y, " ")}
			if got, want := sameFeatKey(a, b), sameKey(x, y); got != want {
				t.Errorf("sameFeatKey(%q, %q) = %v, sameKey %v", x, y, got, want)
			}
		}
	}
}

// TestPrefix8: strings whose prefix8 differ compare as their prefix8.
func TestPrefix8(t *testing.T) {
	words := []string{"", "a", "ab", "ab\x00", "ab\x00c", "abcdefgh", "abcdefghi", "abcdefgg", "zz", "é", "e", "\xff", "abcdefg"}
	for _, x := range words {
		for _, y := range words {
			if px, py := prefix8(x), prefix8(y); px != py && (px < py) != (x < y) {
				t.Errorf("prefix8(%q) %x, prefix8(%q) %x: not in string order", x, px, y, py)
			}
		}
	}
}
