package cluster

import (
	"fmt"
	"math"
	"testing"
	"time"
)

// TestFeatures: names skip sentence-initial words, a text without a title
// uses its first sentence as one, and dates collect numbers and month and
// weekday words.
func TestFeatures(t *testing.T) {
	v := features(Doc{Text: "Flooding closed the Harbin bridge on Tuesday. Officials said 14 March was the last inspection.\nResidents of Harbin waited."})
	for _, name := range []string{"e:harbin"} {
		if v.names[name] != 2 {
			t.Errorf("names[%q] = %v, want 2 (names %v)", name, v.names[name], v.names)
		}
	}
	for _, initial := range []string{"e:flooding", "e:officials", "e:residents", "e:tuesday", "e:march"} {
		if _, ok := v.names[initial]; ok {
			t.Errorf("%q counted as a name (names %v)", initial, v.names)
		}
	}
	if v.title["s:bridg"] != 1 || v.title["s:inspect"] != 0 {
		t.Errorf("lead as title: %v, want the first sentence only", v.title)
	}
	for _, d := range []string{"n:14", "d:march", "d:tuesday"} {
		if v.dates[d] != 1 {
			t.Errorf("dates[%q] = %v, want 1 (dates %v)", d, v.dates[d], v.dates)
		}
	}
	withTitle := features(Doc{Title: "Harbin bridge closed", Text: "Flooding closed the bridge."})
	if withTitle.title["s:flood"] != 0 || withTitle.title["s:harbin"] != 1 {
		t.Errorf("a title stands alone: %v", withTitle.title)
	}
}

// TestTitleCaseNames: a title in title case, and a text that repeats it,
// give no names; a sentence-case title and a text of its own still do.
func TestTitleCaseNames(t *testing.T) {
	head := "Kid Suspended For Threatening Classmate With Hobbit Magic"
	if v := features(Doc{Title: head, Text: head}); len(v.names) != 0 {
		t.Errorf("title-case headline gave names %v", v.names)
	}
	v := features(Doc{Title: head, Text: "A school in Texas suspended a boy."})
	if _, ok := v.names["e:suspended"]; ok || v.names["e:texas"] != 1 {
		t.Errorf("title case with a text of its own: names %v, want texas only", v.names)
	}
	sentence := "Texas school suspends boy over Hobbit magic"
	if v := features(Doc{Title: sentence, Text: sentence}); v.names["e:hobbit"] == 0 || v.names["e:texas"] == 0 {
		t.Errorf("sentence-case headline: names %v, want texas and hobbit", v.names)
	}
}

// TestStoryStateKeepsMembers: a story's recent members survive a
// marshal/unmarshal round trip, so MaxLink is the same after a restore.
func TestStoryStateKeepsMembers(t *testing.T) {
	c := New(nil, Options{})
	next := int64(0)
	newID := func() (int64, error) { next++; return next, nil }
	d := Doc{Title: "Harbin bridge closed after flooding", Text: "Flooding closed the Harbin bridge on Tuesday, officials said."}
	id, _, _ := c.Add(d, newID)
	s := c.live[id]
	r, err := unmarshal(s.marshal())
	if err != nil {
		t.Fatal(err)
	}
	if len(r.members) != 1 || len(r.members[0]) != len(s.members[0]) {
		t.Fatalf("members %v, want %v", r.members, s.members)
	}
	w := c.weighDoc(features(d))
	c.load(w)
	a, b := c.pair(d.Published, s), c.pair(d.Published, r)
	c.unload(w)
	if math.Abs(a.MaxLink-b.MaxLink) > 1e-9 || a.MaxLink < 0.5 {
		t.Fatalf("MaxLink %v before and %v after the round trip", a.MaxLink, b.MaxLink)
	}
}

// TestRenumber: numbering the terms again, without those that neither a
// document frequency nor an active story needs, changes no assignment and
// no feature beyond rounding.
func TestRenumber(t *testing.T) {
	o := Options{Dormancy: 3 * time.Hour}
	a, b := New(nil, o), New(nil, o)
	var na, nb int64
	newA := func() (int64, error) { na++; return na, nil }
	newB := func() (int64, error) { nb++; return nb, nil }
	words := []string{"port", "crane", "council", "election", "storm", "court", "factory", "airport"}
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	dropped := false
	for i := range 600 {
		ev := i / 4
		w1, w2 := words[ev%len(words)], words[(ev/3)%len(words)]
		d := Doc{
			Title:     fmt.Sprintf("%s %s in Town%d", w1, w2, ev),
			Text:      fmt.Sprintf("Officials in Town%d said the %s was hit on day %d. Mayor Name%d met %d residents about the %s (file Ref%d).", ev, w1, ev%7, ev, i%5+ev, w2, i),
			Published: start.Add(time.Duration(i) * 10 * time.Minute),
		}
		fa, fb := a.pairFeatures(d), b.pairFeatures(d)
		if len(fa) != len(fb) {
			t.Fatalf("doc %d: %d candidates, %d after renumbering", i, len(fa), len(fb))
		}
		for id, x := range fa {
			y := fb[id]
			for k, v := range x.vector() {
				if math.Abs(v-y.vector()[k]) > 1e-12 {
					t.Fatalf("doc %d story %d: features %v, %v after renumbering", i, id, x, y)
				}
			}
		}
		ida, _, _ := a.Add(d, newA)
		idb, _, _ := b.Add(d, newB)
		if ida != idb {
			t.Fatalf("doc %d: story %d, %d after renumbering", i, ida, idb)
		}
		if i%50 == 49 {
			a.forgetRare()
			b.forgetRare()
			n := len(b.terms)
			b.renumber()
			dropped = dropped || len(b.terms) < n
			for id, term := range b.terms[1:] {
				if b.ids[term] != int32(id+1) {
					t.Fatalf("term %q numbered %d, at %d", term, b.ids[term], id+1)
				}
			}
			if len(b.ids) != len(b.terms)-1 {
				t.Fatalf("%d numbered terms, %d in the table", len(b.ids), len(b.terms)-1)
			}
		}
	}
	if !dropped {
		t.Fatal("renumber dropped no term")
	}
}
