package credibility

import (
	"bytes"
	"encoding/base64"
	"strings"
	"testing"
)

// separableCases builds training articles of eight sentences in which
// every fourth sentence of every other article is pasted and stands
// apart in its coverage.
func separableCases() []SpliceCase {
	var cases []SpliceCase
	for c := 0; c < 60; c++ {
		a := &SpliceArticle{}
		var labels []bool
		for i := 0; i < 8; i++ {
			pasted := c%2 == 1 && i%4 == 1
			f := SpliceFeatures{CovSelf: 0.8 + float64((c+i)%7)/50, CovCore: 0.7, Length: 2}
			if pasted {
				f.CovSelf, f.CovCore = 0.1+float64((c+i)%5)/50, 0.05
			}
			a.Feats, a.Judged = append(a.Feats, f), append(a.Judged, true)
			a.para, a.mate = append(a.para, i/4), append(a.mate, -1)
			labels = append(labels, pasted)
		}
		use := make([]bool, len(labels))
		for i := range use {
			use[i] = true
		}
		cases = append(cases, SpliceCase{Art: a, Labels: labels, Use: use, Group: c / 2})
	}
	return cases
}

// TestTrainSpliceRoundTrip trains on separable sentences and checks that
// the threshold separates them, that training is deterministic and that a
// saved model scores the same.
func TestTrainSpliceRoundTrip(t *testing.T) {
	cases := separableCases()
	m, err := TrainSplice(cases)
	if err != nil {
		t.Fatal(err)
	}
	for c, cs := range cases {
		for i, p := range m.Scores(cs.Art) {
			if got := p >= m.Threshold; got != cs.Labels[i] {
				t.Fatalf("case %d sentence %d: flagged %v, pasted %v (p %.3f, threshold %.3f)", c, i, got, cs.Labels[i], p, m.Threshold)
			}
		}
	}
	var buf, again bytes.Buffer
	if err := m.Save(&buf); err != nil {
		t.Fatal(err)
	}
	m2, err := TrainSplice(separableCases())
	if err != nil {
		t.Fatal(err)
	}
	if err := m2.Save(&again); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), again.Bytes()) {
		t.Error("training twice on the same cases gave different model files")
	}
	back, err := LoadSpliceModel(&buf)
	if err != nil {
		t.Fatal(err)
	}
	for _, cs := range cases[:4] {
		want, got := m.Scores(cs.Art), back.Scores(cs.Art)
		for i := range want {
			if got[i] != want[i] {
				t.Fatalf("loaded model scores %.6f, trained %.6f", got[i], want[i])
			}
		}
	}
}

// TestLoadSpliceModelRejectsMismatch: a model file whose stages are
// missing, damaged, swapped or of another version is refused with an
// error that names the problem.
func TestLoadSpliceModelRejectsMismatch(t *testing.T) {
	m, err := TrainSplice(separableCases())
	if err != nil {
		t.Fatal(err)
	}
	enc := func(b []byte) string { return base64.StdEncoding.EncodeToString(b) }
	file := func(version int, forest, stack []byte) string {
		return `{"version":` + string(rune('0'+version)) + `,"forest":"` + enc(forest) + `","stack":"` + enc(stack) + `","threshold":0.5}`
	}
	if _, err := LoadSpliceModel(strings.NewReader(file(spliceVersion, m.Forest, m.Stack))); err != nil {
		t.Fatalf("a good file was refused: %v", err)
	}
	for _, c := range []struct {
		name, file, want string
	}{
		{"old version", file(2, m.Forest, m.Stack), "version 2"},
		{"no second stage", file(spliceVersion, m.Forest, nil), "second stage"},
		{"truncated first stage", file(spliceVersion, m.Forest[:len(m.Forest)/2], m.Stack), "first stage"},
		{"trailing bytes", file(spliceVersion, m.Forest, append(append([]byte{}, m.Stack...), 0)), "second stage"},
		{"stages swapped", file(spliceVersion, m.Stack, m.Forest), "features"},
	} {
		_, err := LoadSpliceModel(strings.NewReader(c.file))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got error %v, want one mentioning %q", c.name, err, c.want)
		}
	}
}
