package cli

import (
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/crosscheck-news/crosscheck/internal/ingest/extract"
	"github.com/crosscheck-news/crosscheck/internal/metrics"
	"github.com/crosscheck-news/crosscheck/internal/shared"
)

// extractScores are the article-extraction benchmark's metrics, computed
// as its evaluation defines them (see the data set's README).
type extractScores struct {
	Pages     int     `json:"pages"`
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
	Accuracy  float64 `json:"accuracy"`
	PagesPerS float64 `json:"pages_per_s,omitempty"`
	Extractor string  `json:"extractor"`
}

// reWord is the benchmark's tokenizer: maximal runs of word characters.
var reWord = regexp.MustCompile(`[\p{L}\p{N}_\p{M}]+`)

// shingles returns the multiset of word 4-gram shingles of s; texts of 1 to
// 3 tokens give one shorter shingle.
func shingles(toks []string) map[string]int {
	out := map[string]int{}
	switch {
	case len(toks) == 0:
	case len(toks) < 4:
		out[strings.Join(toks, " ")]++
	default:
		for i := 0; i+4 <= len(toks); i++ {
			out[strings.Join(toks[i:i+4], " ")]++
		}
	}
	return out
}

// scoreExtraction compares predicted bodies with gold bodies page by page:
// precision and recall macro-averaged over pages (pages with an empty
// prediction are left out of precision and count as recall 0), F1 the
// harmonic mean of the two averages, accuracy the share of pages whose
// token sequence equals the gold one.
func scoreExtraction(gold, pred map[string]string) extractScores {
	ids := make([]string, 0, len(gold))
	for id := range gold {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	var pSum, rSum float64
	var pN, rN, exact int
	for _, id := range ids {
		g, p := reWord.FindAllString(gold[id], -1), reWord.FindAllString(pred[id], -1)
		if strings.Join(g, " ") == strings.Join(p, " ") {
			exact++
		}
		gs, ps := shingles(g), shingles(p)
		var tp, fp, fn float64
		for s, n := range ps {
			m := gs[s]
			tp += float64(min(n, m))
			fp += float64(max(n-m, 0))
		}
		for s, m := range gs {
			fn += float64(max(m-ps[s], 0))
		}
		if tp+fp > 0 {
			pSum += tp / (tp + fp)
			pN++
		}
		if len(gs) > 0 {
			if tp+fn > 0 {
				rSum += tp / (tp + fn)
			}
			rN++
		}
	}
	s := extractScores{Pages: len(ids)}
	if pN > 0 {
		s.Precision = pSum / float64(pN)
	}
	if rN > 0 {
		s.Recall = rSum / float64(rN)
	}
	s.F1 = metrics.HarmonicMean(s.Precision, s.Recall)
	if len(ids) > 0 {
		s.Accuracy = float64(exact) / float64(len(ids))
	}
	return s
}

type benchPage struct {
	ArticleBody string `json:"articleBody"`
	URL         string `json:"url"`
}

func readBenchBodies(path string) (map[string]benchPage, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(path, ".gz") {
		gz, err := gzip.NewReader(f)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		r = gz
	}
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	var wrapped struct {
		Output map[string]benchPage `json:"output"`
	}
	if err := json.Unmarshal(b, &wrapped); err == nil && wrapped.Output != nil {
		return wrapped.Output, nil
	}
	var plain map[string]benchPage
	if err := json.Unmarshal(b, &plain); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return plain, nil
}

func evalExtract(ctx context.Context, e *Env, args []string) error {
	fs := newFlagSet(e, "eval extract", "eval extract [--data DIR] [--extractor combined|trafilatura|readability] [--reference NAME] [--format text|json]")
	data := fs.String("data", shared.Path("data", "article_extraction_benchmark"), "the article-extraction benchmark directory")
	which := fs.String("extractor", extract.Combined, "extractor: combined, trafilatura or readability")
	ref := fs.String("reference", "", "score reference_outputs/NAME.json.gz instead of running an extractor")
	format := fs.String("format", "text", "output format: text or json")
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := checkFormat(*format); err != nil {
		return err
	}
	goldPages, err := readBenchBodies(filepath.Join(*data, "ground-truth.json"))
	if err != nil {
		return err
	}
	gold := map[string]string{}
	for id, p := range goldPages {
		gold[id] = p.ArticleBody
	}
	pred := map[string]string{}
	var res extractScores
	if *ref != "" {
		out, err := readBenchBodies(filepath.Join(*data, "reference_outputs", *ref+".json.gz"))
		if err != nil {
			return err
		}
		for id, p := range out {
			pred[id] = p.ArticleBody
		}
		res = scoreExtraction(gold, pred)
		res.Extractor = "reference:" + *ref
	} else {
		var el time.Duration
		for id, p := range goldPages {
			if err := ctx.Err(); err != nil {
				return err
			}
			page, err := readGz(filepath.Join(*data, "html", id+".html.gz"))
			if err != nil {
				return err
			}
			start := time.Now()
			r, err := extract.Extract(page, extract.Options{URL: p.URL, Extractor: *which})
			el += time.Since(start)
			if err == nil {
				pred[id] = r.Text
			}
		}
		res = scoreExtraction(gold, pred)
		res.Extractor = *which
		res.PagesPerS = float64(len(goldPages)) / el.Seconds()
	}
	t := &Table{
		Title:  fmt.Sprintf("Article body extraction, %s, on %d pages", res.Extractor, res.Pages),
		Header: []string{"metric", "value"},
		Rows: [][]string{{"precision", f3(res.Precision)}, {"recall", f3(res.Recall)}, {"f1", f3(res.F1)}, {"accuracy", f3(res.Accuracy)},
			{"pages_per_s", fmt.Sprintf("%.0f", res.PagesPerS)}},
		Notes: []string{"Published (data README): go_trafilatura 0.960 F1, readability (readeck fork) 0.947, rs_trafilatura 0.970."},
	}
	return emit(e, *format, res, t)
}

func readGz(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return io.ReadAll(gz)
}
