package clickbait

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/crosscheck-news/crosscheck/internal/learn"
	"github.com/crosscheck-news/crosscheck/internal/text"
)

// featurizeNamed is featurize with every feature named as a string and
// hashed by learn.Hash, as it was written before hashing from a buffer.
func featurizeNamed(line string, bits uint8) learn.Sparse {
	toks := text.Tokenize(line)
	words := []string{"<s>"}
	for _, t := range toks {
		words = append(words, t.Lower)
	}
	words = append(words, "</s>")
	var x learn.Sparse
	add := func(group []learn.Feature) {
		v := float32(1 / math.Sqrt(float64(len(group))))
		for i := range group {
			group[i].Value *= v
		}
		x = append(x, group...)
	}
	var g []learn.Feature
	for i, w := range words {
		if i > 0 && i < len(words)-1 {
			g = append(g, learn.Feature{Index: learn.Hash("w:"+w, bits), Value: 1})
		}
		if i > 0 {
			g = append(g, learn.Feature{Index: learn.Hash("b:"+words[i-1]+" "+w, bits), Value: 1})
		}
	}
	add(g)
	g = nil
	r := []rune(" " + strings.Join(words[1:len(words)-1], " ") + " ")
	for n := 3; n <= 5; n++ {
		for i := 0; i+n <= len(r); i++ {
			g = append(g, learn.Feature{Index: learn.Hash("c:"+string(r[i:i+n]), bits), Value: 1})
		}
	}
	add(g)
	return x
}

func TestFeaturizeHashesNames(t *testing.T) {
	for _, line := range []string{
		"You Won't Believe What This Dog Did Next!", "Minister's plan: 10,000 jobs by 2026?", "Ça va? Zoë’s café — naïve",
		"a", "", "Ünïcödé ÜBER alles", "\xff\xfe broken \xc3 bytes", "日本語のテキスト", "re-elected 3.5% U.S.",
	} {
		for _, bits := range []uint8{12, 18} {
			want := learn.Dedup(featurizeNamed(line, bits))
			got := featurize(line, bits, true, false)
			if !slices.Equal(got, want) {
				t.Errorf("featurize(%q, %d) = %v, want %v", line, bits, got, want)
			}
		}
	}
}
