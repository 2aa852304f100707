package cluster_test

import (
	"testing"
	"time"

	"github.com/crosscheck-news/crosscheck/internal/cluster"
)

// TestKeep: a dormant story restored and kept stays in memory while the
// clock moves on less than the dormancy window, leaves it after, and
// Sweep sends it back at once unless its span is among the last kept.
func TestKeep(t *testing.T) {
	start := time.Date(2026, 5, 4, 8, 0, 0, 0, time.UTC)
	doc := func(id int64, title, text string) cluster.Doc {
		return cluster.Doc{ID: id, Title: title, Text: text, Published: start}
	}
	docs := []cluster.Doc{
		doc(1, "Ferry runs aground off Tarrow Point", "The Kestrel ferry ran aground off Tarrow Point with 212 passengers aboard; the coastguard towed it free at high tide."),
		doc(2, "Brellin council approves tram depot", "Brellin's council approved a new tram depot on the old gasworks site after a nine-hour debate."),
		doc(3, "Orchard blight spreads across Vansey valley", "Growers in the Vansey valley reported fire blight in 40 orchards, and inspectors ordered infected trees burnt."),
		doc(4, "Quarry blast rattles Dunmere homes", "A blast at the Dunmere limestone quarry cracked windows in nearby homes; the operator suspended blasting."),
	}
	next := int64(0)
	newID := func() (int64, error) { next++; return next, nil }
	c := cluster.New(nil, cluster.Options{Dormancy: 24 * time.Hour})
	old, _, err := c.Add(docs[0], newID)
	if err != nil {
		t.Fatal(err)
	}
	state := c.State(old)
	at := docs[0].Published
	later := func(d cluster.Doc, after time.Duration) {
		d.Published = at.Add(after)
		id, _, err := c.Add(d, newID)
		if err != nil {
			t.Fatal(err)
		}
		if id == old {
			t.Fatalf("document %d joined the kept story", d.ID)
		}
	}
	later(docs[1], 72*time.Hour)
	if c.Live(old) {
		t.Fatal("the story did not go dormant")
	}
	if err := c.Restore(old, state); err != nil {
		t.Fatal(err)
	}
	c.Keep(at.Add(-time.Hour), at.Add(time.Hour))
	later(docs[2], 90*time.Hour) // a sweep, 18 h after Keep
	if !c.Live(old) {
		t.Fatal("a kept story left memory before the dormancy window passed")
	}
	later(docs[3], 97*time.Hour) // 25 h after Keep
	if c.Live(old) {
		t.Fatal("a kept story stayed in memory after the dormancy window")
	}
	if err := c.Restore(old, state); err != nil {
		t.Fatal(err)
	}
	c.Keep(at.Add(-time.Hour), at.Add(time.Hour))
	c.Keep(at.Add(time.Hour), at.Add(2*time.Hour)) // a later span
	c.Sweep(2)
	if !c.Live(old) {
		t.Fatal("Sweep(2) ended one of two kept spans")
	}
	c.Sweep(1)
	if c.Live(old) {
		t.Fatal("Sweep(1) kept the earlier span, not the last")
	}
}
