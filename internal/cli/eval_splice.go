package cli

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/crosscheck-news/crosscheck/internal/credibility"
	"github.com/crosscheck-news/crosscheck/internal/engine"
	"github.com/crosscheck-news/crosscheck/internal/ingest"
	"github.com/crosscheck-news/crosscheck/internal/metrics"
	"github.com/crosscheck-news/crosscheck/internal/news"
	"github.com/crosscheck-news/crosscheck/internal/shared"
	"github.com/crosscheck-news/crosscheck/internal/text"
)

// spliceCase is one generated article: a real body with sentences of
// bodies about other claims pasted in, its story (other bodies of the same
// claim) and the spans of what was pasted.
type spliceCase struct {
	art    *news.Article
	story  []*news.Article
	pasted []news.Span
}

// genSplices builds cases deterministically from FNC-1 bodies grouped by
// claim. Half the cases are left clean (for the article-level ROC AUC); the
// others get 1 to 4 sentences from 1 or 2 bodies of other claims, pasted at
// random positions, inside paragraphs or as their own.
func genSplices(l *labelled, dev bool, n int, seed uint64) []spliceCase {
	rng := rand.New(rand.NewPCG(seed, 7))
	byClaim := map[string][]int{}
	var hosts []int
	for i := range l.docs {
		byClaim[l.gold[i]] = append(byClaim[l.gold[i]], i)
		if l.dev[i] == dev {
			hosts = append(hosts, i)
		}
	}
	sentsOf := func(i int) []string {
		t := text.Normalize(l.docs[i].Text)
		var out []string
		for _, s := range text.Sentences(t) {
			if x := s.Span.Slice(t); len(strings.Fields(x)) >= 5 {
				out = append(out, x)
			}
		}
		return out
	}
	var cases []spliceCase
	for len(cases) < n && len(hosts) > 0 {
		h := hosts[rng.IntN(len(hosts))]
		claim := l.gold[h]
		host := text.Normalize(l.docs[h].Text)
		paras := strings.Split(host, "\n\n")
		if len(sentsOf(h)) < 4 {
			continue
		}
		var story []*news.Article
		for _, j := range byClaim[claim] {
			if j != h && len(story) < 3 {
				a := &news.Article{ID: int64(j + 1), Text: text.Normalize(l.docs[j].Text)}
				a.Sentences = text.Sentences(a.Text)
				story = append(story, a)
			}
		}
		var inserts []string
		if len(cases)%2 == 1 {
			donors := 1 + rng.IntN(2)
			k := 1 + rng.IntN(4)
			for d := 0; d < donors && len(inserts) < k; d++ {
				o := rng.IntN(len(l.docs))
				if l.gold[o] == claim || l.dev[o] != dev {
					d--
					continue
				}
				ss := sentsOf(o)
				if len(ss) == 0 {
					continue
				}
				for len(inserts) < k*(d+1)/donors && len(ss) > 0 {
					p := rng.IntN(len(ss))
					inserts = append(inserts, ss[p])
					ss = append(ss[:p], ss[p+1:]...)
				}
			}
		}
		a := &news.Article{ID: int64(h + 1), Text: paste(rng, paras, inserts)}
		if err := ingest.Prepare(a); err != nil {
			continue
		}
		cases = append(cases, spliceCase{art: a, story: story, pasted: findAll(a.Text, inserts)})
	}
	return cases
}

// paste puts each insert into a random paragraph of paras, at a sentence
// boundary, or as a paragraph of its own, and returns the text.
func paste(rng *rand.Rand, paras, inserts []string) string {
	pieces := append([]string(nil), paras...)
	for _, ins := range inserts {
		p := rng.IntN(len(pieces) + 1)
		if p == len(pieces) || rng.IntN(3) == 0 {
			pieces = append(pieces[:p], append([]string{ins}, pieces[p:]...)...)
			continue
		}
		ps := text.Sentences(pieces[p])
		at := rng.IntN(len(ps) + 1)
		var b strings.Builder
		for i, s := range ps {
			if i == at {
				b.WriteString(ins + " ")
			}
			b.WriteString(s.Span.Slice(pieces[p]) + " ")
		}
		if at == len(ps) {
			b.WriteString(ins)
		}
		pieces[p] = strings.TrimSpace(b.String())
	}
	return strings.Join(pieces, "\n\n")
}

// findAll returns the span of the first occurrence of each of inserts in
// t that is found, once for each distinct insert.
func findAll(t string, inserts []string) []news.Span {
	var out []news.Span
	seen := map[string]bool{}
	for _, ins := range inserts {
		if seen[ins] {
			continue
		}
		seen[ins] = true
		if i := strings.Index(t, ins); i >= 0 {
			out = append(out, news.Span{Start: i, End: i + len(ins)})
		}
	}
	return out
}

// splicedIndex is the cross-story sentence index as the engine would hold
// it for generated splices: every body of the split, each in the story of
// its claim, published a day before the generated articles (a content farm
// copies what is already out).
type splicedIndex struct {
	sx    *engine.SentenceIndex
	story map[string]int64
	day   time.Time
}

func newSplicedIndex(ctx context.Context, l *labelled, dev bool) (*splicedIndex, error) {
	x := &splicedIndex{sx: &engine.SentenceIndex{}, story: map[string]int64{}, day: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	for i, d := range l.docs {
		if l.dev[i] != dev {
			continue
		}
		if x.story[l.gold[i]] == 0 {
			x.story[l.gold[i]] = int64(len(x.story) + 1)
		}
		a := &news.Article{ID: int64(i + 1), StoryID: x.story[l.gold[i]], Text: text.Normalize(d.Text), Published: x.day}
		a.Sentences = text.Sentences(a.Text)
		if err := x.sx.Observe(ctx, a); err != nil {
			return nil, err
		}
	}
	return x, nil
}

// copied returns the sentences of the case found word for word in a body
// of another claim; none without an index.
func (x *splicedIndex) copied(l *labelled, c spliceCase) map[news.Span]bool {
	out := map[news.Span]bool{}
	if x == nil {
		return out
	}
	c.art.Published = x.day.Add(24 * time.Hour)
	for _, p := range x.sx.Foreign(c.art, x.story[l.gold[c.art.ID-1]]) {
		out[p.Span] = true
	}
	return out
}

// sentenceLabels says, for each sentence span, whether most of it was pasted.
func sentenceLabels(spans []news.Span, pasted []news.Span) []bool {
	out := make([]bool, len(spans))
	for i, s := range spans {
		for _, p := range pasted {
			lo, hi := max(s.Start, p.Start), min(s.End, p.End)
			if hi > lo && float64(hi-lo) > 0.5*float64(s.Len()) {
				out[i] = true
			}
		}
	}
	return out
}

// fncDF counts document frequencies of stems in the bodies of one split.
func fncDF(l *labelled, dev bool) (int, map[string]int) {
	df := map[string]int{}
	n := 0
	for i, d := range l.docs {
		if l.dev[i] != dev {
			continue
		}
		n++
		seen := map[string]bool{}
		for _, w := range text.ContentWords(d.Text) {
			s := text.Stem(w)
			if !seen[s] {
				seen[s] = true
				df[s]++
			}
		}
	}
	return n, df
}

func evalSplice(ctx context.Context, e *Env, args []string) error {
	fs := newFlagSet(e, "eval splice", "eval splice [--data FILE] [--n N] [--seed S] [--model FILE] [--format text|json]")
	data := fs.String("data", shared.Path("data", "fnc1", "train_bodies.csv"), "FNC-1 train_bodies.csv (train_stances.csv beside it gives the claims)")
	n := fs.Int("n", 1000, "number of generated articles (half of them spliced)")
	seed := fs.Uint64("seed", 1, "generation seed")
	split := fs.String("split", "dev", "claims to build cases from: dev or train")
	modelPath := fs.String("model", "", "splice model file (default: the shipped model)")
	format := fs.String("format", "text", "output format: text or json")
	index := fs.Bool("index", true, "hold the split's bodies in the cross-story sentence index, as a store that has ingested them does, so that sentences copied word for word from another claim's body are found whatever the model says (false: the topic model alone)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := checkFormat(*format); err != nil {
		return err
	}
	l, err := loadFNCClusters(filepath.Dir(*data))
	if err != nil {
		return err
	}
	var m *credibility.SpliceModel
	if *modelPath == "" {
		m = credibility.DefaultSpliceModel()
	} else {
		f, err := os.Open(*modelPath)
		if err != nil {
			return err
		}
		m, err = credibility.LoadSpliceModel(f)
		f.Close()
		if err != nil {
			return news.Errorf(news.EINVALID, "%s: %v", *modelPath, err)
		}
	}
	dev := *split == "dev"
	cases := genSplices(l, dev, *n, *seed)
	var sx *splicedIndex
	if *index {
		if sx, err = newSplicedIndex(ctx, l, dev); err != nil {
			return err
		}
	}
	var idf credibility.IDF // the model's own background frequencies
	var tp, fp, fn float64
	var scores []float64
	var labels []bool
	for _, c := range cases {
		spans, _, probs := m.SpliceScores(c.art, c.story, idf)
		gold := sentenceLabels(spans, c.pasted)
		copied := sx.copied(l, c)
		top := 0.0
		for i, p := range probs {
			if copied[spans[i]] {
				p = 1
			}
			pred := p >= m.Threshold
			switch {
			case pred && gold[i]:
				tp++
			case pred:
				fp++
			case gold[i]:
				fn++
			}
			top = max(top, p)
		}
		scores, labels = append(scores, top), append(labels, len(c.pasted) > 0)
	}
	prf := metrics.FromCounts(tp, fp, fn)
	res := map[string]any{
		"cases": len(cases), "split": *split, "index": *index,
		"sentence_precision": prf.Precision, "sentence_recall": prf.Recall, "sentence_f1": prf.F1,
		"roc_auc": metrics.ROCAUC(scores, labels),
	}
	t := &Table{
		Title: fmt.Sprintf("Splice detection on %d generated articles from FNC-1 bodies (%s claims, seed %d; %s)", len(cases), *split, *seed,
			map[bool]string{true: "topic model and cross-story sentence index", false: "topic model alone"}[*index]),
		Header: []string{"metric", "value"},
		Rows: [][]string{
			{"sentence_precision", f3(prf.Precision)}, {"sentence_recall", f3(prf.Recall)}, {"sentence_f1", f3(prf.F1)},
			{"roc_auc", f3(res["roc_auc"].(float64))},
		},
	}
	return emit(e, *format, res, t)
}

func trainSplice(ctx context.Context, e *Env, args []string) error {
	fs := newFlagSet(e, "train splice", "train splice [--data FILE] --out FILE")
	data := fs.String("data", shared.Path("data", "fnc1", "train_bodies.csv"), "FNC-1 train_bodies.csv")
	n := fs.Int("n", 3000, "number of generated training articles")
	seed := fs.Uint64("seed", 2, "generation seed")
	out := fs.String("out", "", "model file to write")
	index := fs.Bool("index", false, "pick the threshold for the model as the engine runs it beside the cross-story sentence index holding the train claims' bodies (sentences copied word for word are flagged whatever the model says), not for the model alone")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *out == "" {
		return fmt.Errorf("%w: --out is required", errUsage)
	}
	l, err := loadFNCClusters(filepath.Dir(*data))
	if err != nil {
		return err
	}
	cases := genSplices(l, false, *n, *seed)
	docs, df := fncDF(l, false)
	for t, c := range df {
		if c < 3 {
			delete(df, t)
		}
	}
	probe := &credibility.SpliceModel{Docs: docs, DF: df}
	idf := credibility.IDF(probe.IDF)
	var sx *splicedIndex
	if *index {
		if sx, err = newSplicedIndex(ctx, l, false); err != nil {
			return err
		}
	}
	var train []credibility.SpliceCase
	rows := 0
	// Cases of one claim share a cross-validation group: hosts are drawn
	// with replacement and a claim's bodies tell one story, so folds by
	// case would hold out articles whose host the training folds saw.
	group := map[string]int{}
	for _, c := range cases {
		claim := l.gold[c.art.ID-1]
		if _, ok := group[claim]; !ok {
			group[claim] = len(group)
		}
		art := credibility.SpliceFeaturesOf(c.art, c.story, idf)
		found := sx.copied(l, c)
		tc := credibility.SpliceCase{Art: art, Labels: sentenceLabels(art.Spans, c.pasted), Copied: make([]bool, len(art.Spans)), Use: make([]bool, len(art.Spans)), Group: group[claim]}
		for i, f := range art.Feats {
			tc.Copied[i] = found[art.Spans[i]]
			// Fragments do not train it; unjudged lines of prose length
			// do (leaving them out: dev F1 with the index 0.850, not 0.854).
			if tc.Use[i] = art.Judged[i] || f.Length >= math.Log1p(3); tc.Use[i] {
				rows++
			}
		}
		train = append(train, tc)
	}
	m, err := credibility.TrainSplice(train)
	if err != nil {
		return err
	}
	m.Docs, m.DF = docs, df
	flags := ""
	if *index {
		flags = " --index"
	}
	m.Trained = fmt.Sprintf("crosscheck train splice --data %s --n %d --seed %d%s --out %s (train claims only)", filepath.ToSlash(*data), *n, *seed, flags, filepath.Base(*out))
	f, err := os.Create(*out)
	if err != nil {
		return err
	}
	if err := m.Save(f); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	fmt.Fprintf(e.Stdout, "wrote %s from %d sentences: version %d, threshold %.3f\n", *out, rows, m.Version, m.Threshold)
	return nil
}

var _ = sort.Ints
