package cluster_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/crosscheck-news/crosscheck/internal/cluster"
	"github.com/crosscheck-news/crosscheck/internal/shared"
)

var day = time.Date(2026, 5, 4, 8, 0, 0, 0, time.UTC)

// stream is a small stream of fictional reports: two plane crashes in the
// same week (two stories), a follow-up of the first, and an election.
var stream = []struct {
	story string
	doc   cluster.Doc
}{
	{"crash-a", cluster.Doc{Title: "Cargo plane crashes near Lindholm airport, killing three crew", Text: "A cargo plane operated by Nordair crashed on approach to Lindholm airport on Monday, killing all three crew members, the civil aviation authority said. The Boeing 737 freighter came down in a field two kilometres short of the runway in heavy fog. Investigators from the accident board were sent to the site."}},
	{"election", cluster.Doc{Title: "Ruling party wins regional election in Vessa", Text: "The ruling Unity party won the regional election in Vessa on Sunday with 41 percent of the vote, the electoral commission said. Turnout was 63 percent. Opposition leader Mira Dahl conceded defeat and congratulated the winners."}},
	{"crash-b", cluster.Doc{Title: "Passenger plane skids off runway in Porto Alto, 12 injured", Text: "A passenger jet of Sulavia skidded off the runway while landing at Porto Alto on Thursday, injuring 12 of the 140 passengers, airport officials said. The Airbus A320 came to rest in the grass after heavy rain. The airline said the injured were taken to the city hospital."}},
	{"crash-a", cluster.Doc{Title: "Lindholm crash: fog and altimeter fault examined", Text: "Investigators examining Monday's crash of a Nordair cargo plane near Lindholm airport are looking at the fog and a possible altimeter fault, the accident board said. The three crew members killed in the crash of the Boeing 737 freighter were named as pilots from Lindholm. The flight recorders were recovered from the field short of the runway."}},
	{"crash-b", cluster.Doc{Title: "Sulavia grounds A320 after Porto Alto runway excursion", Text: "Sulavia grounded the Airbus A320 that skidded off the runway at Porto Alto on Thursday while investigators inspect its brakes, the airline said. Twelve passengers were injured when the jet left the runway in heavy rain."}},
}

func run(t *testing.T) ([]int64, []bool) {
	t.Helper()
	c := cluster.New(nil, cluster.Options{})
	next := int64(100)
	var ids []int64
	var created []bool
	for i, s := range stream {
		d := s.doc
		d.ID, d.Published = int64(i+1), day.Add(time.Duration(i)*12*time.Hour)
		id, isNew, err := c.Add(d, func() (int64, error) { next++; return next, nil })
		if err != nil {
			t.Fatal(err)
		}
		ids, created = append(ids, id), append(created, isNew)
	}
	return ids, created
}

func TestStoriesAreEventsNotTopics(t *testing.T) {
	ids, created := run(t)
	byStory := map[string]int64{}
	for i, s := range stream {
		if id, ok := byStory[s.story]; ok {
			if ids[i] != id || created[i] {
				t.Errorf("doc %d (%s) went to story %d (new %v), want story %d", i+1, s.story, ids[i], created[i], id)
			}
			continue
		}
		if !created[i] {
			t.Errorf("doc %d (%s) joined story %d, want a new story", i+1, s.story, ids[i])
		}
		for other, id := range byStory {
			if id == ids[i] {
				t.Errorf("doc %d (%s) joined the %s story", i+1, s.story, other)
			}
		}
		byStory[s.story] = ids[i]
	}
}

func TestDeterministic(t *testing.T) {
	a, _ := run(t)
	b, _ := run(t)
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("run 1 %v, run 2 %v", a, b)
		}
	}
}

// TestDormancyAndRestore: a story that goes dormant leaves memory, goes to
// the archive, and a late article joins it again once restored.
func TestDormancyAndRestore(t *testing.T) {
	arch := archive{}
	c := cluster.New(nil, cluster.Options{Dormancy: 48 * time.Hour, Archive: arch})
	next := int64(0)
	newID := func() (int64, error) { next++; return next, nil }
	first := stream[0].doc
	first.Published = day
	id, _, _ := c.Add(first, newID)
	later := stream[1].doc
	later.Published = day.Add(10 * 24 * time.Hour)
	c.Add(later, newID)
	if c.Active() != 1 || arch[id] == nil {
		t.Fatalf("after 10 days: %d stories in memory, archived %v; want the crash story archived", c.Active(), arch[id] != nil)
	}
	if err := c.Restore(id, arch[id]); err != nil {
		t.Fatal(err)
	}
	follow := stream[3].doc
	follow.Published = later.Published
	got, isNew, _ := c.Add(follow, newID)
	if got != id || isNew {
		t.Fatalf("late follow-up went to story %d (new %v), want restored story %d", got, isNew, id)
	}
	if err := c.Restore(99, []byte("not json")); err == nil {
		t.Fatal("Restore accepted a corrupt state")
	}
}

// TestExplainFeatures: Explain sees each candidate's features with the
// join probability the model gives them (Train takes its examples from it).
func TestExplainFeatures(t *testing.T) {
	m := cluster.DefaultModel()
	seen := 0
	c := cluster.New(m, cluster.Options{Explain: func(_ cluster.Doc, cands []cluster.Candidate) {
		for _, k := range cands {
			seen++
			if k.Features == (cluster.Features{}) || k.P != m.Prob(k.Features) {
				t.Errorf("candidate story %d: P %v, features %+v (probability %v)", k.Story, k.P, k.Features, m.Prob(k.Features))
			}
		}
	}})
	next := int64(0)
	for i, s := range stream {
		d := s.doc
		d.ID, d.Published = int64(i+1), day.Add(time.Duration(i)*12*time.Hour)
		c.Add(d, func() (int64, error) { next++; return next, nil })
	}
	if seen == 0 {
		t.Fatal("Explain saw no candidate")
	}
}

type archive map[int64][]byte

func (a archive) Save(id int64, state []byte) error { a[id] = state; return nil }

func TestLoadModelRejectsCorrupt(t *testing.T) {
	for _, in := range []string{"", "{", `{"version": 2, "weights": [1,2,3,4]}`, `{"version": 1, "weights": [1]}`} {
		if _, err := cluster.LoadModel(strings.NewReader(in)); err == nil {
			t.Errorf("LoadModel(%q) accepted a bad model", in)
		}
	}
}

// TestSeeds: the three real articles of one event form one story; an
// unrelated article does not join it.
func TestSeeds(t *testing.T) {
	dir := shared.Require(t, "seeds")
	files, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
	c := cluster.New(nil, cluster.Options{})
	next := int64(0)
	newID := func() (int64, error) { next++; return next, nil }
	var ids []int64
	for i, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		id, _, _ := c.Add(cluster.Doc{ID: int64(i + 1), Text: string(b)}, newID)
		ids = append(ids, id)
	}
	for _, id := range ids {
		if id != ids[0] {
			t.Fatalf("seeds went to stories %v, want one", ids)
		}
	}
	other, _, _ := c.Add(stream[1].doc, newID)
	if other == ids[0] {
		t.Fatal("an unrelated election report joined the seeds' story")
	}
}

// TestTrain: a model trained on the fictional stream loads back, keeps
// its stories apart, and with the new-story classifier has its weights;
// an unknown feature to drop is an error.
func TestTrain(t *testing.T) {
	var docs []cluster.Doc
	var gold []string
	for i, s := range stream {
		d := s.doc
		d.ID, d.Published = int64(i+1), day.Add(time.Duration(i)*12*time.Hour)
		docs, gold = append(docs, d), append(gold, s.story)
	}
	for _, newStory := range []bool{false, true} {
		m, err := cluster.Train([]cluster.Stream{{Docs: docs, Gold: gold}}, cluster.Options{}, newStory)
		if err != nil {
			t.Fatal(err)
		}
		if (len(m.NewStory) > 0) != newStory {
			t.Errorf("new-story %v: %d new-story weights", newStory, len(m.NewStory))
		}
		var buf strings.Builder
		if err := m.Save(&buf); err != nil {
			t.Fatal(err)
		}
		if _, err := cluster.LoadModel(strings.NewReader(buf.String())); err != nil {
			t.Fatalf("saved model does not load: %v\n%s", err, buf.String())
		}
	}
	if _, err := cluster.Train([]cluster.Stream{{Docs: docs, Gold: gold}}, cluster.Options{}, false, "colour"); err == nil {
		t.Error("Train accepted an unknown feature to drop")
	}
}

// TestBackgroundShares: a number counts under every printed form that
// folds to it, a stem under its own key; an empty background gives nil.
func TestBackgroundShares(t *testing.T) {
	bg := &cluster.Background{Docs: 10, DF: map[string]int{"n:10,000": 2, "n:10000": 1, "s:mayor": 5, "s:10000": 9}}
	share := bg.Shares(func(n string) string { return strings.ReplaceAll(n, ",", "") })
	for term, want := range map[string]float64{"10000": 0.3, "mayor": 0.5, "harbour": 0} {
		if got := share(term); got != want {
			t.Errorf("share(%q) = %v, want %v", term, got, want)
		}
	}
	if (&cluster.Background{}).Shares(strings.ToLower) != nil {
		t.Error("an empty background gave a share function")
	}
}
