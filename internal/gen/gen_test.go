package gen_test

import (
	"strings"
	"testing"
	"time"

	"github.com/crosscheck-news/crosscheck/internal/gen"
)

func TestDeterministic(t *testing.T) {
	a, b := gen.New(gen.Options{Seed: 7}), gen.New(gen.Options{Seed: 7})
	c := gen.New(gen.Options{Seed: 8})
	same := 0
	for i := 0; i < 500; i++ {
		ra, rb, rc := a.Next(), b.Next(), c.Next()
		if ra != rb {
			t.Fatalf("record %d differs between two runs of seed 7:\n%+v\n%+v", i, ra, rb)
		}
		if ra.Text == rc.Text {
			same++
		}
	}
	if same > 10 {
		t.Errorf("seeds 7 and 8 gave %d identical texts of 500", same)
	}
}

// TestStream checks the shape of the stream: time order, unique IDs and
// URLs, stories of several articles that share text, and events whose
// articles name the event's place.
func TestStream(t *testing.T) {
	g := gen.New(gen.Options{Seed: 1})
	const n = 5000
	var last time.Time
	ids, urls, texts := map[string]bool{}, map[string]bool{}, map[string]int{}
	size := map[int]int{}
	place := map[int]string{}
	for i := 0; i < n; i++ {
		r := g.Next()
		p, err := time.Parse(time.RFC3339, r.Published)
		if err != nil {
			t.Fatalf("record %d: published %q: %v", i, r.Published, err)
		}
		if p.Before(last) {
			t.Fatalf("record %d published %v before the previous one (%v)", i, p, last)
		}
		last = p
		if ids[r.ID] || urls[r.URL] {
			t.Fatalf("record %d: ID %q or URL %q repeated", i, r.ID, r.URL)
		}
		ids[r.ID], urls[r.URL] = true, true
		texts[r.Text]++
		size[r.Event]++
		// The event's place is in its title: "Kind in Place: ..." or
		// "Kind hits Place, ...".
		if pl, ok := place[r.Event]; ok && !strings.Contains(r.Text, pl) {
			t.Fatalf("record %d of event %d does not name its place %q:\n%s", i, r.Event, pl, r.Text)
		} else if !ok {
			place[r.Event] = strings.SplitN(strings.SplitN(r.Title, " in ", 2)[1], ":", 2)[0]
		}
	}
	multi := 0
	for _, k := range size {
		if k > 12 {
			t.Errorf("an event has %d articles, more than MaxPerEvent", k)
		}
		if k > 1 {
			multi++
		}
	}
	if len(size) < n/12 || len(size) > n/2 || multi < len(size)/3 {
		t.Errorf("%d events for %d articles, %d with several articles", len(size), n, multi)
	}
	dups := 0
	for _, k := range texts {
		dups += k - 1
	}
	if dups > n/100 {
		t.Errorf("%d of %d texts are exact duplicates", dups, n)
	}
}
