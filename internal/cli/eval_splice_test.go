package cli

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/crosscheck-news/crosscheck/internal/cluster"
)

// actorData is an invented labelled set of twelve claims of three bodies
// each, every body on its own words. Two sentences of the first claim's
// first body name Valdor, and one sentence of the second claim's first
// body does: the only same-actor donor there is.
func actorData() *labelled {
	l := &labelled{}
	id := int64(0)
	for c := range 12 {
		for b := range 3 {
			id++
			var sb strings.Builder
			for s := range 6 {
				w := fmt.Sprintf("word%dx%d", c, s)
				switch {
				case c == 0 && b == 0 && (s == 1 || s == 4), c == 1 && b == 0 && s == 2:
					fmt.Fprintf(&sb, "Then %s Valdor %s %s %s. ", w+"a", w+"b", w+"c", w+"d")
				default:
					fmt.Fprintf(&sb, "Officials described the %s of claim %d to the %s council. ", w, c, w+"z")
				}
			}
			l.docs = append(l.docs, cluster.Doc{ID: id, Text: strings.TrimSpace(sb.String())})
			l.gold = append(l.gold, fmt.Sprint(c))
			l.dev = append(l.dev, true)
		}
	}
	return l
}

func TestGenSplicesSameActor(t *testing.T) {
	l := actorData()
	ad := newActorDonors(l, true)
	if got := ad.actors(0); len(got) != 1 || got[0] != "valdor" {
		t.Fatalf("actors of the first body = %q, want [valdor]", got)
	}
	if got := ad.actors(3); len(got) != 0 {
		t.Errorf("actors of a body naming Valdor once = %q, want none", got)
	}
	cases := genSplices(l, true, 6, 1, 1)
	again := genSplices(l, true, 6, 1, 1)
	spliced := 0
	for i, c := range cases {
		if c.art.Text != again[i].art.Text {
			t.Fatalf("case %d differs between two runs with one seed", i)
		}
		if len(c.pasted) == 0 {
			continue
		}
		spliced++
		if c.art.ID != 1 {
			t.Errorf("case %d: spliced host %d, want the only body with a same-actor donor (1)", i, c.art.ID)
		}
		for _, p := range c.pasted {
			if s := p.Slice(c.art.Text); !strings.Contains(s, "Valdor") || !strings.Contains(s, "word1x2a") {
				t.Errorf("case %d: pasted %q, want the second claim's sentence naming Valdor", i, s)
			}
		}
	}
	if spliced != 3 {
		t.Errorf("%d spliced cases of 6, want 3", spliced)
	}
	// A donor telling the host's own event (here, its very text under
	// another claim) is no donor.
	l.docs[3].Text = l.docs[0].Text
	if got := newActorDonors(l, true).pick(rand.New(rand.NewPCG(1, 2)), 0, 2, 4); got != nil {
		t.Errorf("donor sentences %q from a copy of the host", got)
	}
	l = actorData()
	// The random-donor generator (no same-actor share) is deterministic too.
	a, b := genSplices(l, true, 6, 1, 0), genSplices(l, true, 6, 1, 0)
	for i := range a {
		if a[i].art.Text != b[i].art.Text {
			t.Fatalf("random-donor case %d differs between two runs", i)
		}
	}
}
