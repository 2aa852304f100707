package cluster

import (
	"strings"
	"testing"

	"github.com/crosscheck-news/crosscheck/internal/text"
)

func TestNewBackground(t *testing.T) {
	b := NewBackground([]Doc{
		{Text: "The council met on Monday and the mayor spoke."},
		{Text: "The mayor opened the bridge."},
		{Text: "Heavy rain closed the bridge."},
	}, 2)
	if b.Docs != 3 {
		t.Fatalf("docs %d, want 3", b.Docs)
	}
	for term, want := range map[string]int{"s:mayor": 2, "s:bridg": 2, "s:council": 0, "s:rain": 0} {
		if got := b.DF[term]; got != want {
			t.Errorf("df[%s] = %d, want %d (pruned below 2)", term, got, want)
		}
	}
}

// TestBackgroundAtStreamStart: with no article seen yet, the shipped
// model's background already tells a word every report uses from a rare
// one, which a stream of three articles cannot.
func TestBackgroundAtStreamStart(t *testing.T) {
	m := DefaultModel()
	if m.Background == nil || m.Background.Docs == 0 {
		t.Fatal("the shipped model carries no background")
	}
	c := New(m, Options{})
	if said, rare := c.IDF(text.Stem("president")), c.IDF(text.Stem("brackett")); !(said < rare/2) {
		t.Errorf("IDF president %.2f, brackett %.2f: want the common word to weigh far less", said, rare)
	}
}

func TestLoadModelRejectsBadBackground(t *testing.T) {
	for _, bg := range []string{
		`{"docs": 0, "df": {}}`,
		`{"docs": 3, "df": {"s:mayor": 4}}`,
		`{"docs": 3, "df": {"s:mayor": 0}}`,
		`{"docs": 3, "df": {}, "weight": -1}`,
	} {
		js := `{"version": 2, "weights": [1,1,1,0,1,1], "bias": -1, "background": ` + bg + `}`
		if _, err := LoadModel(strings.NewReader(js)); err == nil || !strings.Contains(err.Error(), "background") {
			t.Errorf("%s: err %v, want a background error", bg, err)
		}
	}
}
