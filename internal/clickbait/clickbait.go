// Package clickbait scores how much a headline, or a single line inside an
// article ("Must read: …", "You won't believe …"), reads as clickbait.
//
// The model is a logistic regression over hashed sparse features: lower-case
// word unigrams and bigrams (with start and end markers, so "you won't" at
// the start of a line counts apart from the same words later), char 3- to
// 5-grams, and a few shape cues (a leading number, a question or
// exclamation mark, the share of capitalised words). It is trained with
// learn.TrainLinear on the Chakraborty et al. (2016) headlines; the shipped
// model is embedded (clickbait.model, built by the command in
// clickbait.model.txt), and docs/models.md gives the figures.
//
// The package is pure: it imports only the standard library and
// crosscheck's news, text and learn packages.
package clickbait

import (
	"bufio"
	"compress/gzip"
	_ "embed"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/crosscheck-news/crosscheck/internal/learn"
	"github.com/crosscheck-news/crosscheck/internal/news"
	"github.com/crosscheck-news/crosscheck/internal/text"
	"github.com/zeebo/xxh3"
)

// Example is one labelled line.
type Example struct {
	Text      string
	Clickbait bool
}

// Model scores lines. It is read-only after Train or Load and safe for
// concurrent use.
type Model struct {
	lin *learn.Linear
}

// TrainOptions configure Train.
type TrainOptions struct {
	Bits   uint8 // hash bits of the feature space (0: 18)
	Linear learn.LinearParams
	// NoChars leaves out the char n-grams, for ablations.
	NoChars bool
	// NoShape leaves out the shape cues, for ablations.
	NoShape bool
}

// DefaultTrainOptions are the settings the shipped model was trained with.
func DefaultTrainOptions() TrainOptions {
	return TrainOptions{Bits: 18, Linear: learn.LinearParams{Epochs: 10, Rate: 0.1, L2: 1e-5, Seed: 1}}
}

// Train fits a model on labelled lines, deterministically for fixed
// options.
func Train(examples []Example, opts TrainOptions) (*Model, error) {
	if len(examples) == 0 {
		return nil, news.Errorf(news.EINVALID, "train clickbait: no examples")
	}
	if opts.Bits == 0 {
		opts.Bits = 18
	}
	xs := make([]learn.Sparse, len(examples))
	y := make([]bool, len(examples))
	for i, ex := range examples {
		xs[i] = featurize(ex.Text, opts.Bits, !opts.NoChars, !opts.NoShape)
		y[i] = ex.Clickbait
	}
	lin, err := learn.TrainLinear(xs, y, opts.Bits, opts.Linear)
	if err != nil {
		return nil, fmt.Errorf("train clickbait: %w", err)
	}
	return &Model{lin: lin}, nil
}

// Score returns the probability that line is clickbait, in [0, 1].
//
// A line that opens with a teaser label ("Must read:", "Don't miss:",
// "You won't believe") scores at least teaserFloor whatever follows: such
// labels mark the link-bait lines inserted into article bodies, which the
// headline corpus the model learns from does not contain.
func (m *Model) Score(line string) float64 {
	p := m.lin.Prob(featurize(line, m.lin.Bits, true, true))
	if hasTeaser(line) {
		p = max(p, teaserFloor)
	}
	return p
}

// teaserFloor is the least score of a line with a teaser label.
const teaserFloor = 0.9

// teasers are lower-case teaser labels; those ending in ":" must be
// followed by a colon (or a dash) in the line.
var teasers = []string{
	"must read:", "must see:", "must watch:", "don't miss:", "do not miss:", "read this:",
	"shocking:", "unbelievable:", "you won't believe", "you will not believe", "you'll never believe",
	"you need to see", "you have to see",
}

func hasTeaser(line string) bool {
	l := strings.ToLower(strings.TrimSpace(line))
	l = strings.ReplaceAll(l, "’", "'")
	l = strings.TrimLeft(l, "*•-–—>» \t\"'“")
	for _, t := range teasers {
		if strings.HasSuffix(t, ":") {
			head := t[:len(t)-1]
			if rest, ok := strings.CutPrefix(l, head); ok {
				rest = strings.TrimLeft(rest, " ")
				if strings.HasPrefix(rest, ":") || strings.HasPrefix(rest, "-") || strings.HasPrefix(rest, "–") || strings.HasPrefix(rest, "—") {
					return true
				}
			}
			continue
		}
		if strings.HasPrefix(l, t) {
			return true
		}
	}
	return false
}

// featurize returns the L2-normalized hashed features of a line. Each
// group (words, chars, shape) is normalized on its own so that a long line
// does not drown the others.
func featurize(line string, bits uint8, chars, shape bool) learn.Sparse {
	toks := text.Tokenize(line)
	words := make([]string, 0, len(toks)+2)
	words = append(words, "<s>")
	caps := 0
	for _, t := range toks {
		words = append(words, t.Lower)
		if isUpper(t.Text) {
			caps++
		}
	}
	words = append(words, "</s>")
	var x learn.Sparse
	add := func(group []learn.Feature) {
		if len(group) == 0 {
			return
		}
		v := float32(1 / math.Sqrt(float64(len(group))))
		for i := range group {
			group[i].Value *= v
		}
		x = append(x, group...)
	}
	// Names are hashed as learn.Hash does, from a reused buffer rather
	// than a string each.
	var h nameHash
	h.mask = 1<<bits - 1
	var g []learn.Feature
	for i, w := range words {
		if i > 0 && i < len(words)-1 {
			h.buf = append(append(h.buf[:0], "w:"...), w...)
			g = append(g, learn.Feature{Index: h.sum(), Value: 1})
		}
		if i > 0 {
			h.buf = append(append(append(append(h.buf[:0], "b:"...), words[i-1]...), ' '), w...)
			g = append(g, learn.Feature{Index: h.sum(), Value: 1})
		}
	}
	add(g)
	if chars {
		g = nil
		r := make([]rune, 0, len(line)+2)
		r = append(r, ' ')
		for i, w := range words[1 : len(words)-1] {
			if i > 0 {
				r = append(r, ' ')
			}
			r = append(r, []rune(w)...)
		}
		r = append(r, ' ')
		for n := 3; n <= 5; n++ {
			for i := 0; i+n <= len(r); i++ {
				h.buf = append(h.buf[:0], "c:"...)
				for _, c := range r[i : i+n] {
					h.buf = utf8.AppendRune(h.buf, c)
				}
				g = append(g, learn.Feature{Index: h.sum(), Value: 1})
			}
		}
		add(g)
	}
	if shape {
		g = nil
		t := strings.TrimSpace(line)
		cue := func(name string) { g = append(g, learn.Feature{Index: learn.Hash("s:"+name, bits), Value: 1}) }
		if len(toks) > 0 && toks[0].Number {
			cue("lead_number")
		}
		if strings.HasSuffix(t, "?") {
			cue("question")
		}
		if strings.Contains(t, "!") {
			cue("exclaim")
		}
		if strings.Contains(t, ":") {
			cue("colon")
		}
		cue("len:" + strconv.Itoa(min(len(toks)/3, 6)))
		if len(toks) > 0 {
			cue("caps:" + strconv.Itoa(4*caps/len(toks)))
		}
		add(g)
	}
	return learn.Dedup(x)
}

// nameHash hashes feature names as learn.Hash does.
type nameHash struct {
	buf  []byte
	mask uint64
}

func (h *nameHash) sum() uint32 { return uint32(xxh3.Hash(h.buf) & h.mask) }

func isUpper(s string) bool {
	return s != "" && strings.ToLower(s[:1]) != s[:1]
}

// ReadCorpus reads the Chakraborty et al. (2016) corpus: two files, gzip
// compressed or plain, of one headline per line (blank lines are skipped),
// the first of clickbait headlines and the second of others.
func ReadCorpus(clickbait, plain io.Reader) ([]Example, error) {
	var out []Example
	for _, f := range []struct {
		r  io.Reader
		cb bool
	}{{clickbait, true}, {plain, false}} {
		lines, err := readLines(f.r)
		if err != nil {
			return nil, err
		}
		for _, l := range lines {
			out = append(out, Example{Text: l, Clickbait: f.cb})
		}
	}
	return out, nil
}

func readLines(r io.Reader) ([]string, error) {
	br := bufio.NewReader(r)
	if head, err := br.Peek(2); err == nil && head[0] == 0x1f && head[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, news.Errorf(news.EINVALID, "clickbait corpus: %w", err)
		}
		defer zr.Close()
		br = bufio.NewReader(zr)
	}
	var out []string
	sc := bufio.NewScanner(br)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		if l := strings.TrimSpace(sc.Text()); l != "" {
			out = append(out, l)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, news.Errorf(news.EINVALID, "clickbait corpus: %w", err)
	}
	return out, nil
}

// Model file format: see learn.WriteFile; the payload is the linear model.
const (
	fileMagic   = "XCCLICKB"
	fileVersion = 1
)

// Save writes the model in the binary format Load reads.
func (m *Model) Save(w io.Writer) error {
	var e learn.Encoder
	m.lin.Encode(&e)
	if err := learn.WriteFile(w, fileMagic, fileVersion, e.Buf); err != nil {
		return fmt.Errorf("save clickbait model: %w", err)
	}
	return nil
}

// Load reads a model written by Save. A file that is not a clickbait model
// or is damaged gives an EINVALID error that says which.
func Load(r io.Reader) (*Model, error) {
	payload, err := learn.ReadFile(r, fileMagic, fileVersion)
	if err != nil {
		return nil, news.Errorf(news.EINVALID, "load clickbait model: %w", err)
	}
	d := learn.NewDecoder(payload)
	lin, err := learn.DecodeLinear(d)
	if err == nil {
		err = d.Done()
	}
	if err != nil {
		return nil, news.Errorf(news.EINVALID, "load clickbait model: %w", err)
	}
	return &Model{lin: lin}, nil
}

//go:embed clickbait.model
var shipped []byte

var loadShipped = learn.Shipped(shipped, Load,
	news.Errorf(news.EINTERNAL, "no shipped clickbait model in this build (run crosscheck train clickbait)"))

// Default returns the shipped model, embedded in the binary and loaded on
// first use.
func Default() (*Model, error) { return loadShipped() }
