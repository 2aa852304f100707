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
		files, _ := filepath.Glob(filepath.Join(dir, kind, "*.txt"))
		if len(files) == 0 {
			return nil, fmt.Errorf("%s: no %s/*.txt", dir, kind)
		}
		sort.Strings(files)
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				return nil, err
			}
			title, body, _ := strings.Cut(strings.ToValidUTF8(string(b), "\uFFFD"), "\n")
			out = append(out, labelledArticle{&news.Article{SourcePath: f, Title: title, Text: body}, kind == fake})
		}
	}
	return out, nil
}

// loadHorne reads Fake/ and Real/ bodies with their titles in *_titles/.
func loadHorne(dir string) ([]labelledArticle, error) {
	var out []labelledArticle
	for _, kind := range []string{"Fake", "Real"} {
		files, _ := filepath.Glob(filepath.Join(dir, kind, "*.txt"))
		if len(files) == 0 {
			return nil, fmt.Errorf("%s: no %s/*.txt", dir, kind)
		}
		sort.Strings(files)
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				return nil, err
			}
			title, _ := os.ReadFile(filepath.Join(dir, kind+"_titles", filepath.Base(f)))
			out = append(out, labelledArticle{&news.Article{SourcePath: f, Title: strings.TrimSpace(strings.ToValidUTF8(string(title), "")), Text: strings.ToValidUTF8(string(b), "\uFFFD")}, kind == "Fake"})
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
	// RawROCAUC is the ROC AUC of the uncalibrated risk score.
	RawROCAUC float64 `json:"raw_roc_auc"`
}

func evalCredibility(ctx context.Context, e *Env, args []string) error {
	fs := newFlagSet(e, "eval credibility", "eval credibility [--data DIR] [--folds K] [--format text|json]")
	data := fs.String("data", shared.Path("data"), "directory holding fakenewsnet_v1/, fakenews_perezrosas2018/ and fakenews_horne2017/")
	folds := fs.Int("folds", 5, "cross-validation folds")
	only := fs.String("corpus", "", "evaluate one corpus only")
	format := fs.String("format", "text", "output format: text or json")
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := checkFormat(*format); err != nil {
		return err
	}
	results := map[string]credResult{}
	t := &Table{Title: "Credibility risk as a fake-news detector (signal values calibrated by logistic regression, cross-validated)",
		Header: []string{"corpus", "articles", "accuracy", "f1", "roc_auc", "raw_roc_auc"}}
	for _, c := range credCorpora {
		if *only != "" && c.name != *only {
			continue
		}
		arts, err := c.load(*data)
		if err != nil {
			return err
		}
		r, err := credibilityScores(ctx, arts, *folds, *data)
		if err != nil {
			return fmt.Errorf("%s: %w", c.name, err)
		}
		results[c.name] = r
		t.Rows = append(t.Rows, []string{c.name, fmt.Sprint(r.Articles), f3(r.Accuracy), f3(r.F1), f3(r.ROCAUC), f3(r.RawROCAUC)})
	}
	t.Notes = []string{"Published: FakeNewsNet TriFN about 0.86 (BuzzFeed) and 0.87 (PolitiFact) accuracy, with social context; Pérez-Rosas et al. linear SVM about 0.74."}
	return emit(e, *format, results, t)
}

// credibilityScores runs the whole pipeline over a corpus in an in-memory
// store, then cross-validates a logistic calibration of the report's signal
// values into a fake/real decision.
func credibilityScores(ctx context.Context, arts []labelledArticle, k int, dataDir string) (credResult, error) {
	st, err := sqlite.Open(ctx, ":memory:")
	if err != nil {
		return credResult{}, err
	}
	defer st.Close()
	eng, err := engine.Default(ctx, st, engine.Config{ReputationDir: dataDir})
	if err != nil {
		return credResult{}, err
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
		return credResult{}, err
	}
	index := map[string]int{}
	for i, t := range news.SignalTypes {
		index[t] = i
	}
	var xs [][]float64
	var ys []bool
	var raw []float64
	for i, id := range ids {
		if id < 0 {
			continue
		}
		an, err := st.FindAnalysis(ctx, id)
		if err != nil {
			continue
		}
		x := make([]float64, len(news.SignalTypes))
		for _, s := range an.Report.Signals {
			x[index[s.Type]] = math.Max(x[index[s.Type]], s.Value)
		}
		xs, ys, raw = append(xs, x), append(ys, arts[i].fake), append(raw, an.Report.Risk)
	}
	res := credResult{Articles: len(xs), RawROCAUC: metrics.ROCAUC(raw, ys)}
	scores := make([]float64, len(xs))
	for _, test := range metrics.Folds(len(xs), k, 1) {
		in := map[int]bool{}
		for _, i := range test {
			in[i] = true
		}
		var tx [][]float64
		var ty []float64
		for i := range xs {
			if !in[i] {
				tx = append(tx, xs[i])
				ty = append(ty, b2f(ys[i]))
			}
		}
		w, b := fitLR(tx, ty)
		for _, i := range test {
			z := b
			for j, v := range xs[i] {
				z += w[j] * v
			}
			scores[i] = 1 / (1 + math.Exp(-z))
		}
	}
	var tp, fp, fn, correct float64
	for i, s := range scores {
		p := s >= 0.5
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
	res.Accuracy = correct / float64(len(scores))
	res.F1 = metrics.FromCounts(tp, fp, fn).F1
	res.ROCAUC = metrics.ROCAUC(scores, ys)
	return res, nil
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
