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
	r, err := unmarshal(s.marshalWith(&stateScratch{}))
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

// TestLeadAsSecondTitle: a titled article's lead (its first sentence) is
// kept apart from its title, not for a text that repeats the title; the
// title feature is the better of the title's and the lead's cosine with
// the story's titles, so a headline that shares no word with the story's
// still matches by a lead that names the event, and a lead that does not
// changes nothing.
func TestLeadAsSecondTitle(t *testing.T) {
	v := features(Doc{Title: "Boss Grab Sends Shares Soaring", Text: "Norvane Foods bought Helder Dairy on Monday. Wheat prices fell."})
	if v.lead["s:norvan"] != 1 || v.lead["s:wheat"] != 0 {
		t.Errorf("lead %v, want the first sentence only", v.lead)
	}
	if v.title["s:norvan"] != 0 || v.title["s:boss"] != 1 {
		t.Errorf("title %v, want the title's terms only", v.title)
	}
	if v := features(Doc{Title: "Norvane buys Helder", Text: "Norvane buys Helder"}); v.lead != nil {
		t.Errorf("a text that repeats the title has lead %v", v.lead)
	}
	c := New(nil, Options{})
	next := int64(0)
	newID := func() (int64, error) { next++; return next, nil }
	id, _, _ := c.Add(Doc{Title: "Norvane Foods agrees takeover of Helder Dairy", Text: "Norvane Foods has agreed to buy the cheese maker Helder Dairy for 4.2 billion euros, the companies said on Wednesday."}, newID)
	title := func(d Doc) float64 {
		t.Helper()
		f, ok := c.pairFeatures(d)[id]
		if !ok {
			t.Fatalf("story %d is no candidate for %q", id, d.Title)
		}
		return f.Title
	}
	head := "Billionaire Boss Cheese Grab Sends Shares Soaring"
	if x := title(Doc{Title: head, Text: "Norvane Foods bought Helder Dairy in a cheese mega-deal on Monday. Investors cheered."}); x < 0.3 {
		t.Errorf("title feature %.3f with a lead that names the event, want ≥ 0.3", x)
	}
	if x := title(Doc{Title: head, Text: "Investors cheered loudly on Monday. Norvane Foods bought Helder Dairy."}); x != 0 {
		t.Errorf("title feature %.3f with an off-topic lead, want 0", x)
	}
	// A page about a strike that opens with a sentence pasted from the
	// takeover: the lead does not lift the takeover's story, which is
	// not the page's most probable one.
	rail, _, _ := c.Add(Doc{Title: "Rail drivers strike over pay in Castlebridge", Text: "Train drivers in Castlebridge walked out over pay on Monday, cancelling most trains, the union said."}, newID)
	pasted := Doc{Title: "Rail strike: drivers walk out in Castlebridge", Text: "Norvane Foods bought Helder Dairy for 4.2 billion euros. Train drivers in Castlebridge walked out over pay, cancelling most trains. The union said drivers want more pay."}
	pf := c.pairFeatures(pasted)
	if _, ok := pf[id]; !ok {
		t.Fatalf("the takeover's story is no candidate of the pasted page (features %v)", pf)
	}
	if best, _, _ := c.m.rank(pf, []int64{id, rail}); best != rail {
		t.Fatalf("pasted lead: best story %d, want %d (features %v)", best, rail, pf)
	}
	if x := pf[id].Title; x != 0 {
		t.Errorf("pasted lead lifted the other story's title feature to %.3f", x)
	}
	// Another event of the same kind, under a clickbait headline, whose
	// lead reads like the story's but names none of its names: no lift.
	c2 := New(nil, Options{})
	sky, _, _ := c2.Add(Doc{Title: "Airline collapses, stranding thousands of passengers", Text: "Skyvo, the budget airline, collapsed on Monday, stranding thousands of passengers at Orvik airport, its administrators said."}, newID)
	other := Doc{Title: "SHOCK As Holidays RUINED Overnight", Text: "Airline collapses, stranding thousands of passengers. Jetora halted all flights from Brennmouth on Thursday, its owners said."}
	if f, ok := c2.pairFeatures(other)[sky]; ok && f.Title != 0 {
		t.Errorf("a look-alike's lead lifted the title feature to %.3f (names %.3f)", f.Title, f.Names)
	}
}
