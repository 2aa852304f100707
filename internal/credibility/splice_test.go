package credibility

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestJaccard checks the hashed Jaccard index against a count of common
// strings, on random sets and on sets whose hashes collide.
func TestJaccard(t *testing.T) {
	words := []string{"port", "crane", "council", "repair", "budget", "storm", "union", "strike", "mayor", "fund"}
	r := rand.New(rand.NewPCG(1, 2))
	pick := func() *sentence {
		var v []string
		for range r.IntN(8) {
			v = append(v, words[r.IntN(len(words))])
		}
		var s sentence
		s.hset, s.set = hashedSet(v)
		return &s
	}
	for range 1000 {
		a, b := pick(), pick()
		want := 0.0
		if len(a.set) > 0 && len(b.set) > 0 {
			want = jaccardStrings(a.set, b.set)
		}
		if got := jaccard(a, b); got != want {
			t.Fatalf("jaccard(%q, %q) = %v, want %v", a.set, b.set, got, want)
		}
	}
	// Two different stems under one hash: the strings decide.
	a := &sentence{set: []string{"port", "storm"}, hset: []uint64{1, 2}}
	b := &sentence{set: []string{"crane", "storm"}, hset: []uint64{1, 2}}
	if got := jaccard(a, b); got != 1.0/3 {
		t.Errorf("jaccard with a collision = %v, want 1/3", got)
	}
	if _, set := hashedSet([]string{"b", "a", "b"}); !slices.Contains(set, "a") || len(set) != 2 {
		t.Errorf("hashedSet kept %q", set)
	}
}

// TestNotProse checks the shortcut of notProse against the expression.
func TestNotProse(t *testing.T) {
	for _, s := range []string{"Read it at https://example.com now.", "see www.example.com", "pic.twitter.com/abc",
		"Follow @reuters for more.", "(@ap) said", "mail me@example.com", "An ordinary sentence.", "HTTP is a protocol.", "@", ""} {
		if got, want := notProse(s), reNotProse.MatchString(s); got != want {
			t.Errorf("notProse(%q) = %v, want %v", s, got, want)
		}
	}
}
