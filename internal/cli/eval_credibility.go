package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
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
	"github.com/crosscheck-news/crosscheck/internal/store/sqlite"
)

// labelledArticle is one article of a fake/real corpus.
type labelledArticle struct {
	a    *news.Article
	fake bool
}

// credCorpora are the corpora eval credibility reads, by name, with their
// loaders.
var credCorpora = []struct {
	name string
	load func(dir string) ([]labelledArticle, error)
}{
	{"fakenewsnet_buzzfeed", func(d string) ([]labelledArticle, error) {
		return loadFakeNewsNet(filepath.Join(d, "fakenewsnet_v1", "Data", "BuzzFeed"))
	}},
	{"fakenewsnet_politifact", func(d string) ([]labelledArticle, error) {
		return loadFakeNewsNet(filepath.Join(d, "fakenewsnet_v1", "Data", "PolitiFact"))
	}},
	{"perezrosas_fakenewsamt", func(d string) ([]labelledArticle, error) {
		return loadTitleFirst(filepath.Join(d, "fakenews_perezrosas2018", "fakeNewsDataset"), "fake", "legit")
	}},
	{"horne_buzzfeed", func(d string) ([]labelledArticle, error) {
		return loadHorne(filepath.Join(d, "fakenews_horne2017", "Buzzfeed Political News Dataset"))
	}},
}

// loadFakeNewsNet reads {Fake,Real}NewsContent/*.json.
func loadFakeNewsNet(dir string) ([]labelledArticle, error) {
	var out []labelledArticle
	for _, kind := range []string{"Fake", "Real"} {
		files, err := filepath.Glob(filepath.Join(dir, kind+"NewsContent", "*.json"))
		if err != nil {
			return nil, err
		}
		if len(files) == 0 {
			return nil, fmt.Errorf("%s: no %sNewsContent/*.json", dir, kind)
		}
		sort.Strings(files)
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				return nil, err
			}
			var r struct {
				Title, Text, URL, Source string
				PublishDate              any `json:"publish_date"`
			}
			if err := json.Unmarshal(b, &r); err != nil {
				return nil, fmt.Errorf("%s: %w", f, err)
			}
			a := &news.Article{SourcePath: f, URL: r.URL, Title: r.Title, Text: r.Text}
			if m, ok := r.PublishDate.(map[string]any); ok {
				if ms, ok := m["$date"].(float64); ok {
					a.Published = time.UnixMilli(int64(ms)).UTC()
				}
			}
			if a.URL == "" {
				a.URL = r.Source
			}
			out = append(out, labelledArticle{a, kind == "Fake"})
		}
	}
	return out, nil
}

// loadTitleFirst reads FAKE/*.txt and LEGIT/*.txt whose first line is the title.
func loadTitleFirst(dir, fake, legit string) ([]labelledArticle, error) {
	var out []labelledArticle
	for _, kind := range []string{fake, legit} {
		files, texts, err := readTexts(filepath.Join(dir, kind))
		if err != nil {
			return nil, err
		}
		for i, f := range files {
			title, body, _ := strings.Cut(strings.ToValidUTF8(texts[i], "\uFFFD"), "\n")
			out = append(out, labelledArticle{&news.Article{SourcePath: f, Title: title, Text: body}, kind == fake})
		}
	}
	return out, nil
}

// loadHorne reads Fake/ and Real/ bodies with their titles in *_titles/.
func loadHorne(dir string) ([]labelledArticle, error) {
	var out []labelledArticle
	for _, kind := range []string{"Fake", "Real"} {
		files, texts, err := readTexts(filepath.Join(dir, kind))
		if err != nil {
			return nil, err
		}
		for i, f := range files {
			b := texts[i]
			title, _ := os.ReadFile(filepath.Join(dir, kind+"_titles", filepath.Base(f)))
			out = append(out, labelledArticle{&news.Article{SourcePath: f, Title: strings.TrimSpace(strings.ToValidUTF8(string(title), "")), Text: strings.ToValidUTF8(b, "\uFFFD")}, kind == "Fake"})
		}
	}
	return out, nil
}

// credResult is one corpus's scores.
type credResult struct {
	Articles int     `json:"articles"`
	Accuracy float64 `json:"accuracy"`
	F1       float64 `json:"f1"`
	ROCAUC   float64 `json:"roc_auc"`
	// RawROCAUC is the ROC AUC of the uncalibrated risk score, without the
	// shipped writing-style signal (trained on these corpora).
	RawROCAUC float64 `json:"raw_roc_auc"`
	// StyleAccuracy and StyleROCAUC score the in-fold style model alone.
	StyleAccuracy float64 `json:"style_accuracy,omitempty"`
	StyleROCAUC   float64 `json:"style_roc_auc,omitempty"`
	// CrossAccuracy, CrossF1 and CrossROCAUC score the style model trained
	// on the other corpora only, at probability 0.5: how it generalizes.
	CrossAccuracy float64 `json:"cross_corpus_accuracy,omitempty"`
	CrossF1       float64 `json:"cross_corpus_f1,omitempty"`
	CrossROCAUC   float64 `json:"cross_corpus_roc_auc,omitempty"`
}

// credCorpus is one corpus after the pipeline ran over it: per kept
// article, the report's signal values, its risk, its label and its style
// measures.
type credCorpus struct {
	name  string
	xs    [][]float64
	raw   []float64
	ys    []bool
	style []credibility.StyleRow
}

func evalCredibility(ctx context.Context, e *Env, args []string) error {
	fs := newFlagSet(e, "eval credibility", "eval credibility [--data DIR] [--folds K] [--style dense|words|none] [--format text|json]")
	data := fs.String("data", shared.Path("data"), "directory holding fakenewsnet_v1/, fakenews_perezrosas2018/ and fakenews_horne2017/")
	folds := fs.Int("folds", 5, "cross-validation folds")
	only := fs.String("corpus", "", "evaluate one corpus only (the others still train the cross-corpus model)")
	style := fs.String("style", styleMode(credibility.DefaultStyleParams), "style model trained in each fold: dense (style features), words (plus hashed words and bigrams) or none")
	format := fs.String("format", "text", "output format: text or json")
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := checkFormat(*format); err != nil {
		return err
	}
	sp := credibility.DefaultStyleParams
	switch *style {
	case "dense", "none":
		sp.Words = false
	case "words":
		sp.Words = true
	default:
		return fmt.Errorf("%w: --style %q: want dense, words or none", errUsage, *style)
	}
	var corpora []*credCorpus
	for _, c := range credCorpora {
		arts, err := c.load(*data)
		if err != nil {
			return err
		}
		cc := &credCorpus{name: c.name}
		if *only == "" || c.name == *only {
			err = runCredibility(ctx, cc, arts, *data, sp.Words)
		} else {
			// Only needed to train the cross-corpus model.
			for _, la := range arts {
				if ingest.Prepare(la.a) == nil {
					cc.ys, cc.style = append(cc.ys, la.fake), append(cc.style, credibility.NewStyleRow(la.a, sp.Words))
				}
			}
		}
		if err != nil {
			return fmt.Errorf("%s: %w", c.name, err)
		}
		corpora = append(corpora, cc)
	}
	results := map[string]credResult{}
	t := &Table{Title: "Credibility risk as a fake-news detector (signal values and an in-fold style model calibrated by logistic regression, cross-validated)",
		Header: []string{"corpus", "articles", "accuracy", "f1", "roc_auc", "raw_roc_auc", "style_acc", "style_auc", "cross_acc", "cross_auc"}}
	for _, cc := range corpora {
		if cc.xs == nil {
			continue
		}
		var r credResult
		var err error
		if *style == "none" {
			r, err = credibilityCV(cc, *folds, nil)
		} else {
			r, err = credibilityCV(cc, *folds, &sp)
		}
		if err != nil {
			return fmt.Errorf("%s: %w", cc.name, err)
		}
		if *style != "none" {
			if err := crossCorpus(&r, cc, corpora, sp); err != nil {
				return fmt.Errorf("%s: cross-corpus: %w", cc.name, err)
			}
		}
		results[cc.name] = r
		t.Rows = append(t.Rows, []string{cc.name, fmt.Sprint(r.Articles), f3(r.Accuracy), f3(r.F1), f3(r.ROCAUC), f3(r.RawROCAUC),
			f3(r.StyleAccuracy), f3(r.StyleROCAUC), f3(r.CrossAccuracy), f3(r.CrossROCAUC)})
	}
	t.Notes = []string{
		"style_*: the style model alone, trained inside each fold on the training folds; cross_*: trained on the other three corpora, tested on this one.",
		"Published: FakeNewsNet TriFN about 0.86 (BuzzFeed) and 0.87 (PolitiFact) accuracy, with social context; Pérez-Rosas et al. linear SVM about 0.74."}
	return emit(e, *format, results, t)
}

func styleMode(p credibility.StyleParams) string {
	if p.Words {
		return "words"
	}
	return "dense"
}

// runCredibility runs the whole pipeline over a corpus in an in-memory
// store and keeps, per analysed article, its signal values (without the
// writing style, which the evaluation trains itself), its risk and its
// style measures.
func runCredibility(ctx context.Context, cc *credCorpus, arts []labelledArticle, dataDir string, words bool) error {
	st, err := sqlite.Open(ctx, ":memory:")
	if err != nil {
		return err
	}
	defer st.Close()
	eng, err := engine.Default(ctx, st, engine.Config{ReputationDir: dataDir})
	if err != nil {
		return err
	}
	ids := make([]int64, len(arts))
	for i, la := range arts {
		a := la.a
		if err := ingest.Prepare(a); err != nil {
			ids[i] = -1
			continue
		}
		res, err := eng.Add(ctx, a)
		if err != nil {
			ids[i] = -1
			continue
		}
		ids[i] = res.ArticleID
	}
	if err := eng.Flush(ctx, nil); err != nil {
		return err
	}
	index := map[string]int{}
	for i, t := range news.SignalTypes {
		index[t] = i
	}
	for i, id := range ids {
		if id < 0 {
			continue
		}
		an, err := st.FindAnalysis(ctx, id)
		if err != nil {
			continue
		}
		x := make([]float64, len(news.SignalTypes))
		risk := 0.0
		for _, s := range an.Report.Signals {
			j, ok := index[s.Type]
			if !ok {
				continue // the shipped style model saw these corpora: leave it out
			}
			x[j] = math.Max(x[j], s.Value)
			risk += s.Contribution
		}
		cc.xs, cc.ys, cc.raw = append(cc.xs, x), append(cc.ys, arts[i].fake), append(cc.raw, math.Min(1, risk))
		cc.style = append(cc.style, credibility.NewStyleRow(arts[i].a, words))
	}
	return nil
}

// styleColumn turns a style margin into a calibration input of bounded
// scale, so the calibration's gradient descent stays stable.
func styleColumn(margin float64) float64 { return math.Max(-2, math.Min(2, margin/4)) }

// credibilityCV cross-validates a logistic calibration of the report's
// signal values into a fake/real decision. With sp, each fold also trains a
// style model on its training folds only; the calibration sees that
// model's margins for its own training rows from an inner cross-validation
// (never a model that saw the row), and the fold model's margins for the
// test rows.
func credibilityCV(cc *credCorpus, k int, sp *credibility.StyleParams) (credResult, error) {
	xs, ys := cc.xs, cc.ys
	res := credResult{Articles: len(xs), RawROCAUC: metrics.ROCAUC(cc.raw, ys)}
	scores := make([]float64, len(xs))
	styleScores := make([]float64, len(xs))
	for fi, test := range metrics.Folds(len(xs), k, 1) {
		train := metrics.Rest(len(xs), test)
		row := func(i int, extra []float64) []float64 {
			return append(append([]float64(nil), xs[i]...), extra...)
		}
		trainX := make([][]float64, len(train))
		ty := make([]float64, len(train))
		testExtra := map[int][]float64{}
		for j, i := range train {
			ty[j] = b2f(ys[i])
			trainX[j] = row(i, nil)
		}
		if sp != nil {
			m, err := trainStyleRows(cc, train, *sp)
			if err != nil {
				return res, err
			}
			for _, i := range test {
				mg := m.Margin(cc.style[i])
				styleScores[i] = mg
				testExtra[i] = []float64{styleColumn(mg)}
			}
			inner := metrics.Folds(len(train), k, uint64(2+fi))
			for _, held := range inner {
				out := map[int]bool{}
				for _, j := range held {
					out[j] = true
				}
				var sub []int
				for j, i := range train {
					if !out[j] {
						sub = append(sub, i)
					}
				}
				mi, err := trainStyleRows(cc, sub, *sp)
				if err != nil {
					return res, err
				}
				for _, j := range held {
					trainX[j] = append(trainX[j], styleColumn(mi.Margin(cc.style[train[j]])))
				}
			}
		}
		w, b := fitLR(trainX, ty)
		for _, i := range test {
			z := b
			for j, v := range row(i, testExtra[i]) {
				z += w[j] * v
			}
			scores[i] = 1 / (1 + math.Exp(-z))
		}
	}
	res.Accuracy, res.F1, res.ROCAUC = binaryScores(scores, ys, 0.5)
	if sp != nil {
		res.StyleAccuracy, _, res.StyleROCAUC = binaryScores(styleScores, ys, 0)
	}
	return res, nil
}

func trainStyleRows(cc *credCorpus, idx []int, sp credibility.StyleParams) (*credibility.StyleModel, error) {
	rows := make([]credibility.StyleRow, len(idx))
	ys := make([]bool, len(idx))
	for j, i := range idx {
		rows[j], ys[j] = cc.style[i], cc.ys[i]
	}
	return credibility.TrainStyle(rows, ys, sp)
}

// crossCorpus scores cc with a style model trained on every other corpus.
func crossCorpus(r *credResult, cc *credCorpus, all []*credCorpus, sp credibility.StyleParams) error {
	var rows []credibility.StyleRow
	var ys []bool
	for _, o := range all {
		if o != cc {
			rows, ys = append(rows, o.style...), append(ys, o.ys...)
		}
	}
	m, err := credibility.TrainStyle(rows, ys, sp)
	if err != nil {
		return err
	}
	scores := make([]float64, len(cc.style))
	for i, row := range cc.style {
		scores[i] = m.Margin(row)
	}
	r.CrossAccuracy, r.CrossF1, r.CrossROCAUC = binaryScores(scores, cc.ys, 0)
	return nil
}

// binaryScores returns accuracy and F1 at a threshold, and the ROC AUC.
func binaryScores(scores []float64, ys []bool, th float64) (acc, f1, auc float64) {
	var tp, fp, fn, correct float64
	for i, s := range scores {
		p := s >= th
		switch {
		case p && ys[i]:
			tp++
		case p:
			fp++
		case ys[i]:
			fn++
		}
		if p == ys[i] {
			correct++
		}
	}
	if len(scores) == 0 {
		return 0, 0, 0
	}
	return correct / float64(len(scores)), metrics.FromCounts(tp, fp, fn).F1, metrics.ROCAUC(scores, ys)
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// fitLR is a small deterministic logistic regression (gradient descent
// from zero with an L2 penalty).
func fitLR(xs [][]float64, ys []float64) ([]float64, float64) {
	if len(xs) == 0 {
		return nil, 0
	}
	w := make([]float64, len(xs[0]))
	var b float64
	for it := 0; it < 2000; it++ {
		g := make([]float64, len(w))
		var gb float64
		for i, x := range xs {
			z := b
			for j, v := range x {
				z += w[j] * v
			}
			e := (1/(1+math.Exp(-z)) - ys[i]) / float64(len(xs))
			for j, v := range x {
				g[j] += e * v
			}
			gb += e
		}
		for j := range w {
			w[j] -= 1.0 * (g[j] + 0.01*w[j])
		}
		b -= 1.0 * gb
	}
	return w, b
}
