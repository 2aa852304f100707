package cluster

import (
	"slices"
	"testing"
)

// TestOwnReplayLabelsByMajority: replayed with a model that joins
// everything, all documents land in one story; a document is a positive
// example for it only while the story's majority gold story is its own.
func TestOwnReplayLabelsByMajority(t *testing.T) {
	text := "Harbour crane collapses at the container terminal during a storm, port officials said."
	docs := []Doc{{ID: 1, Text: text}, {ID: 2, Text: text}, {ID: 3, Text: text}, {ID: 4, Text: text}}
	gold := []string{"a", "a", "b", "b"}
	joinAll := &Model{Version: modelVersion, Weights: make([]float64, len(featureNames)), Bias: 10, Threshold: 0.1}
	tr, err := newTrainer([]Stream{{Docs: docs, Gold: gold}}, Options{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	tr.ownReplay(joinAll, true)
	// Document 1 has no candidate; 2 joins a's story (majority a: yes);
	// 3 and 4 are b's and the story's majority is a (2:0, then 2:1).
	if want := []float64{1, 0, 0}; !slices.Equal(tr.jy, want) {
		t.Errorf("join labels %v, want %v", tr.jy, want)
	}
	if want := []float64{1, 0, 0}; !slices.Equal(tr.dy, want) {
		t.Errorf("decision labels %v, want %v", tr.dy, want)
	}
	// The gold replay shows the same documents pure stories: b's second
	// document is a positive example for b's own story.
	tr2, _ := newTrainer([]Stream{{Docs: docs, Gold: gold}}, Options{}, nil)
	tr2.goldReplay(nil)
	var pos int
	for _, y := range tr2.jy {
		pos += int(y)
	}
	if pos != 2 {
		t.Errorf("gold replay has %d positive join examples (%v), want 2", pos, tr2.jy)
	}
}

// TestRefineKeepsTrainedAndCallsThreshold: each round's model gets its
// threshold from the caller and keeps the record of how it was made.
func TestRefineKeepsTrainedAndCallsThreshold(t *testing.T) {
	docs := []Doc{
		{ID: 1, Text: "Harbour crane collapses at the container terminal in Lindholm during a storm."},
		{ID: 2, Text: "Regional election in Vessa won by the ruling Unity party with 41 percent."},
		{ID: 3, Text: "The Lindholm container terminal crane collapse injured two dock workers."},
		{ID: 4, Text: "Unity party wins Vessa election; opposition concedes defeat."},
	}
	gold := []string{"crane", "vote", "crane", "vote"}
	streams := []Stream{{Docs: docs, Gold: gold}}
	m, err := Train(streams, Options{}, false)
	if err != nil {
		t.Fatal(err)
	}
	m.Threshold, m.Trained = 0.5, "test"
	calls := 0
	r, err := Refine(m, streams, Options{}, 2, false, func(m *Model) { calls++; m.Threshold = 0.4 }, "gap")
	if err != nil {
		t.Fatal(err)
	}
	if calls != 2 || r.Threshold != 0.4 || r.Trained != "test" {
		t.Errorf("after 2 rounds: %d threshold calls, threshold %v, trained %q", calls, r.Threshold, r.Trained)
	}
	if r.Weights[3] != 0 {
		t.Errorf("dropped feature gap has weight %v", r.Weights[3])
	}
	if _, err := Refine(m, streams, Options{}, 1, false, func(*Model) {}, "colour"); err == nil {
		t.Error("Refine accepted an unknown feature to drop")
	}
}
