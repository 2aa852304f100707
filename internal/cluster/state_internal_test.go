package cluster

import (
	"bytes"
	"fmt"
	"math"
	"testing"
	"time"
)

// TestStateAsJSON: the state written without encoding/json is the bytes
// json.Marshal writes, for the stories of a stream and for keys and
// numbers that encoding/json escapes or writes in exponent form.
func TestStateAsJSON(t *testing.T) {
	c := New(DefaultModel(), Options{})
	var n int64
	next := func() (int64, error) { n++; return n, nil }
	words := []string{"port", "crane", "Zürich", "council", "A&B <x>", "storm", "\"quoted\"", "tab\tend", "bad\xffutf8", "line\u2028sep"}
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range 300 {
		ev := i / 3
		w1, w2 := words[ev%len(words)], words[(ev/2)%len(words)]
		d := Doc{
			Title:     fmt.Sprintf("%s %s in Town%d", w1, w2, ev),
			Text:      fmt.Sprintf("Officials in Town%d said the %s was hit on %d May. Mayor Name%d met %d residents about the %s.", ev, w1, ev%28+1, ev, i%5+ev, w2),
			Published: start.Add(time.Duration(i) * 10 * time.Minute),
		}
		if i%7 == 0 {
			d.Published = time.Time{}
		}
		id, _, err := c.Add(d, next)
		if err != nil {
			t.Fatal(err)
		}
		s := c.live[id]
		if got, want := c.State(id), s.marshalJSON(); !bytes.Equal(got, want) { // with the clusterer's scratch
			t.Fatalf("doc %d: state\n%s\nwant\n%s", i, got, want)
		}
	}
	odd := &story{
		tf:      vec{"a": 1e-7, "b": 1e21, "c": -2.5e-9, "d": 0, "e": 123456789.125, "f": math.SmallestNonzeroFloat64, "<&>": 1},
		title:   vec{},
		names:   nil,
		members: []member{{{t: "z", w: 1e-7}, {t: "y", w: 0.5}}, {}},
		n:       3,
		first:   time.Date(2020, 2, 3, 4, 5, 6, 7, time.FixedZone("x", 3600)),
	}
	if got, want := odd.marshalWith(&stateScratch{}), odd.marshalJSON(); !bytes.Equal(got, want) {
		t.Fatalf("state\n%s\nwant\n%s", got, want)
	}
	// What encoding/json refuses is left to it.
	odd.tf["nan"] = math.NaN()
	if got, want := odd.marshalWith(&stateScratch{}), odd.marshalJSON(); !bytes.Equal(got, want) {
		t.Fatalf("state with NaN %q, want %q", got, want)
	}
	delete(odd.tf, "nan")
	odd.members[0][1].w = math.Inf(1)
	if got, want := odd.marshalWith(&stateScratch{}), odd.marshalJSON(); !bytes.Equal(got, want) {
		t.Fatalf("state with an infinite member weight %q, want %q", got, want)
	}
}
