package cli

import (
	"fmt"
	"strings"
	"testing"

	"github.com/crosscheck-news/crosscheck/internal/cluster"
	"github.com/crosscheck-news/crosscheck/internal/news"
)

// tripleData is an invented labelled set: four claims of three bodies
// each, every body with six sentences, the first two claims' bodies naming
// Tuesday, the third's March 3, each body with a quoted sentence.
func tripleData() (*labelled, map[int64]string) {
	l := &labelled{}
	heads := map[int64]string{}
	topics := []string{"bridge", "harbour", "museum", "stadium"}
	id := int64(0)
	for c, topic := range topics {
		for b := 0; b < 3; b++ {
			id++
			var sb strings.Builder
			for s := 0; s < 6; s++ {
				switch s {
				case 1:
					if c < 2 {
						fmt.Fprintf(&sb, "The %s closed on Tuesday after inspectors found cracks in report %d. ", topic, b)
					} else if c == 2 {
						fmt.Fprintf(&sb, "Visitors to the %s queued for hours in the rain on March 3 at gate %d. ", topic, b)
					} else {
						fmt.Fprintf(&sb, "Visitors to the %s queued for hours in the rain at gate %d. ", topic, b)
					}
				case 3:
					fmt.Fprintf(&sb, "\"We will reopen the %s as soon as it is safe,\" the manager of site %d said. ", topic, b)
				default:
					fmt.Fprintf(&sb, "Officials at the %s described step %d of the plan to the council members. ", topic, s)
				}
				if s == 2 {
					sb.WriteString("\n\n")
				}
			}
			l.docs = append(l.docs, cluster.Doc{ID: id, Text: strings.TrimSpace(sb.String())})
			l.gold = append(l.gold, topic)
			l.dev = append(l.dev, true)
			heads[id] = "News about the " + topic
		}
	}
	return l, heads
}

func TestGenTriples(t *testing.T) {
	l, heads := tripleData()
	cases := genTriples(l, heads, true, 10, 1)
	if len(cases) != 4 {
		t.Fatalf("%d cases, want one per claim (4)", len(cases))
	}
	again := genTriples(l, heads, true, 10, 1)
	for i, c := range cases {
		for r, a := range c.arts {
			if a.Text != again[i].arts[r].Text {
				t.Fatalf("case %d article %d differs between two runs with one seed", i, r)
			}
		}
		first, second, farm, look := c.arts[roleFirst], c.arts[roleSecond], c.arts[roleFarm], c.arts[roleLookalike]
		if l.gold[indexOf(l, first)] != c.claim || l.gold[indexOf(l, look)] == c.claim {
			t.Errorf("case %d: the first report is not of claim %s, or the look-alike is", i, c.claim)
		}
		if len(c.pasted) < 2 {
			t.Errorf("case %d: %d pasted sentences, want 2 or more", i, len(c.pasted))
		}
		for _, p := range c.pasted {
			if s := p.Slice(farm.Text); strings.Contains(s, c.claim) {
				t.Errorf("case %d: pasted %q is about the host's own claim", i, s)
			}
		}
		if s := c.credit.Slice(farm.Text); !strings.Contains(s, " reported from ") || strings.Contains(s, farm.Byline) || farm.Byline == "" {
			t.Errorf("case %d: credit line %q against byline %q", i, s, farm.Byline)
		}
		if first.Byline != "" || second.Byline != "" {
			t.Errorf("case %d: the reports got bylines %q, %q; they keep their own", i, first.Byline, second.Byline)
		}
		if s := c.teaser.Slice(second.Text); s == "" || strings.Contains(first.Text, s) {
			t.Errorf("case %d: teaser %q", i, s)
		}
		// The first two claims name Tuesday in every body: their farm
		// pages name Wednesday instead.
		// The third names March 3 instead: its farm page, March 4.
		switch c.claim {
		case "bridge", "harbour":
			if got := c.day.Slice(farm.Text); got != "Wednesday" || c.date || strings.Contains(farm.Text, "Tuesday") {
				t.Errorf("case %d (%s): changed weekday %q in %q", i, c.claim, got, farm.Text)
			}
		case "museum":
			if got := c.day.Slice(farm.Text); got != "March 4" || !c.date || strings.Contains(farm.Text, "March 3") {
				t.Errorf("case %d (%s): changed date %q in %q", i, c.claim, got, farm.Text)
			}
		default:
			if c.day.Len() != 0 {
				t.Errorf("case %d (%s): a day changed where the reports name none", i, c.claim)
			}
		}
	}
}

// indexOf finds the body an article was built from, by the ID its source
// path names.
func indexOf(l *labelled, a *news.Article) int {
	var id int64
	fmt.Sscanf(a.SourcePath, "fnc1 body %d", &id)
	for i, d := range l.docs {
		if d.ID == id {
			return i
		}
	}
	return -1
}

func TestShiftDate(t *testing.T) {
	for _, tt := range []struct {
		in   string
		day  int
		want string
	}{
		{"Dec. 14, 2017", 14, "Dec. 15, 2017"},
		{"14 December 2017", 14, "15 December 2017"},
		{"March 3rd", 3, "March 4th"},
		{"June 21st", 21, "June 22nd"},
		{"Oct. 06", 6, "Oct. 7"},
		{"January 31", 31, "January 30"},
		{"the 9th of May", 9, "the 10th of May"},
	} {
		if got := shiftDate(tt.in, tt.day); got != tt.want {
			t.Errorf("shiftDate(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestTellsEvent: a report dates the farm's event when a sentence of it
// naming the day shares two content words with the farm's sentence.
func TestTellsEvent(t *testing.T) {
	host := "The mayor opened the harbour bridge on Tuesday. Crowds cheered."
	at := func(t string) []int {
		if i := strings.Index(t, "Tuesday"); i >= 0 {
			return []int{i}
		}
		return nil
	}
	for _, tt := range []struct {
		report string
		want   bool
	}{
		{"On Tuesday the harbour bridge was opened by the mayor.", true},
		{"The mayor flew to Paris on Tuesday. The bridge opened later.", false},
		{"The harbour bridge opened to traffic.", false},
	} {
		if got := tellsEvent(host, strings.Index(host, "Tuesday"), []string{tt.report}, at); got != tt.want {
			t.Errorf("%q: %v, want %v", tt.report, got, tt.want)
		}
	}
}
