package cluster

import (
	"math"
	"testing"
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
	a, b := c.pair(w, d.Published, s), c.pair(w, d.Published, r)
	if math.Abs(a.MaxLink-b.MaxLink) > 1e-9 || a.MaxLink < 0.5 {
		t.Fatalf("MaxLink %v before and %v after the round trip", a.MaxLink, b.MaxLink)
	}
}
