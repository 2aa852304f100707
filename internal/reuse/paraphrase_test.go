package reuse_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/crosscheck-news/crosscheck/internal/learn"
	"github.com/crosscheck-news/crosscheck/internal/reuse"
	"github.com/crosscheck-news/crosscheck/internal/shared"
)

func TestDefaultParaphrase(t *testing.T) {
	p, err := reuse.DefaultParaphrase()
	if err != nil {
		t.Fatal(err)
	}
	if th := p.Threshold(); th <= 0.2 || th >= 0.8 {
		t.Fatalf("threshold %v, want near the middle", th)
	}
	tests := []struct {
		name   string
		s1, s2 string
		para   bool
	}{
		{"same sentence", "The council approved the plan by 31 votes to 12 on Thursday.", "The council approved the plan by 31 votes to 12 on Thursday.", true},
		{"reordered clauses", "The council approved the library plan by 31 votes to 12 on Thursday.", "On Thursday, the council approved the library plan by 31 votes to 12.", true},
		{"one adds a clause", "The council approved the plan by 31 votes to 12 on Thursday.", "The council approved the plan by 31 votes to 12 on Thursday, but opponents said they would challenge the decision in court.", false},
		{"same people, other event", "Mayor Vost opened the new library on Quarry Road on Thursday.", "Mayor Vost said the old tram depot on Quarry Road would be demolished next year to make room for flats.", false},
		{"unrelated, same topic", "The council approved the library plan on Thursday.", "Opponents said the money should go to repairing schools in the north of the city.", false},
		{"unrelated", "Floodwaters forced 3,400 residents from their homes.", "The library will include a children's theatre.", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := p.Score(tt.s1, tt.s2)
			if s < 0 || s > 1 {
				t.Fatalf("score %v outside [0, 1]", s)
			}
			if r := p.Score(tt.s2, tt.s1); r != s {
				t.Fatalf("score not symmetric: %v vs %v", s, r)
			}
			if got := s >= p.Threshold(); got != tt.para {
				t.Fatalf("score %.3f (threshold %.3f): paraphrase=%v, want %v", s, p.Threshold(), got, tt.para)
			}
		})
	}
}

func TestLoadParaphraseErrors(t *testing.T) {
	p, err := reuse.DefaultParaphrase()
	if err != nil {
		t.Fatal(err)
	}
	good, err := p.Encode()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := reuse.LoadParaphrase(good); err != nil {
		t.Fatalf("re-encoded model: %v", err)
	}
	payload, err := learn.ReadFile(bytes.NewReader(good), "XCPARAPH", 3)
	if err != nil {
		t.Fatal(err)
	}
	// rewrap writes a payload with a valid header and checksum.
	rewrap := func(magic string, version uint64, pl []byte) []byte {
		var b bytes.Buffer
		if err := learn.WriteFile(&b, magic, version, pl); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	flipped := bytes.Clone(good)
	flipped[len(flipped)/2] ^= 0x40
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"empty", nil, "wrong magic"},
		{"other model kind", rewrap("XCSTANCE", 2, payload), "wrong magic"},
		{"old format version", rewrap("XCPARAPH", 2, payload), "format version 2"},
		{"truncated", good[:len(good)/2], "truncated"},
		{"flipped byte", flipped, "checksum"},
		{"other features", rewrap("XCPARAPH", 3, bytes.Replace(payload, []byte("word_min"), []byte("word_avg"), 1)), "features"},
		{"payload cut short", rewrap("XCPARAPH", 3, payload[:len(payload)-3]), "truncated"},
		{"bytes after the model", rewrap("XCPARAPH", 3, append(bytes.Clone(payload), 0)), "left after"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := reuse.LoadParaphrase(tt.data)
			if err == nil || !strings.Contains(err.Error(), tt.want) || !errors.Is(err, learn.ErrCorrupt) {
				t.Fatalf("error %v, want one mentioning %q", err, tt.want)
			}
		})
	}
}

func TestReadMRPC(t *testing.T) {
	in := "\ufeffQuality\t#1 ID\t#2 ID\t#1 String\t#2 String\n" +
		"1\t1\t2\tThe cat sat.\tA cat was sitting.\r\n" +
		"\n" +
		"0\t3\t4\tIt rained.\tThe sun shone.\n"
	got, err := reuse.ReadMRPC(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	want := []reuse.LabeledPair{{"The cat sat.", "A cat was sitting.", true}, {"It rained.", "The sun shone.", false}}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Fatalf("got %+v, want %+v", got, want)
	}
	for _, bad := range []string{"1\t2\tonly three\n", "1\t1\t2\ta\tb\nx\t1\t2\ta\tb\n"} {
		if _, err := reuse.ReadMRPC(strings.NewReader(bad)); err == nil {
			t.Errorf("ReadMRPC(%q): no error", bad)
		}
	}
}

// TestTrainParaphrase trains on part of MRPC train twice, with word vectors
// learned from other pairs' sentences: training is deterministic, the model
// round-trips through its file, and it beats the majority answer on pairs
// it was not trained on.
func TestTrainParaphrase(t *testing.T) {
	if testing.Short() {
		t.Skip("trains a model")
	}
	dir := shared.Require(t, "data", "mrpc")
	f, err := os.Open(filepath.Join(dir, "msr_paraphrase_train.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	pairs, err := reuse.ReadMRPC(f)
	if err != nil {
		t.Fatal(err)
	}
	train, held := pairs[:1200], pairs[3000:]
	// Word vectors from sentences of other pairs, as unlabeled text.
	var texts []string
	for _, x := range pairs[1200:3000] {
		texts = append(texts, x.S1+" "+x.S2)
	}
	wv, err := reuse.BuildWordVectors(texts, reuse.WordVectorOptions{Vocab: 3000, MinCount: 3, Window: 4, Dim: 16})
	if err != nil {
		t.Fatal(err)
	}
	p1, err := reuse.TrainParaphrase(train, wv)
	if err != nil {
		t.Fatal(err)
	}
	p2, err := reuse.TrainParaphrase(train, wv)
	if err != nil {
		t.Fatal(err)
	}
	b1, _ := p1.Encode()
	b2, _ := p2.Encode()
	if !bytes.Equal(b1, b2) {
		t.Fatal("two trainings on the same pairs differ")
	}
	p3, err := reuse.LoadParaphrase(b1)
	if err != nil {
		t.Fatal(err)
	}
	var ok, pos int
	for _, x := range held {
		if x.Paraphrase {
			pos++
		}
		if s := p3.Score(x.S1, x.S2); (s >= p3.Threshold()) == x.Paraphrase {
			ok++
		}
		if p1.Score(x.S1, x.S2) != p3.Score(x.S1, x.S2) {
			t.Fatal("reloaded model scores differently")
		}
	}
	acc, major := float64(ok)/float64(len(held)), float64(pos)/float64(len(held))
	if acc < major+0.04 {
		t.Fatalf("held-out accuracy %.3f, majority %.3f", acc, major)
	}
	if _, err := reuse.TrainParaphrase(train[:5], nil); err == nil {
		t.Fatal("training on 5 pairs: no error")
	}
}
