package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/crosscheck-news/crosscheck/internal/metrics"
	"github.com/crosscheck-news/crosscheck/internal/news"
	"github.com/crosscheck-news/crosscheck/internal/quote"
	"github.com/crosscheck-news/crosscheck/internal/shared"
)

// evalQuotes scores quote extraction and attribution against PolNeAR: the
// --data folder is one split (text/*.txt and attributions/*_ANNOTATOR.ann,
// brat standoff). Every annotation file counts as one document, so an
// article annotated twice is scored against both annotators.
func evalQuotes(ctx context.Context, e *Env, args []string) error {
	fs := newFlagSet(e, "eval quotes", "eval quotes [--data DIR] [--format text|json]")
	data := fs.String("data", shared.Path("data", "polnear", "data", "dev"), "PolNeAR split folder with text/ and attributions/")
	format := fs.String("format", "text", "output format: text or json")
	misses := fs.String("misses", "", "write direct-quote exact misses (FP/FN) to this file")
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := checkFormat(*format); err != nil {
		return err
	}
	if *data == "" {
		return fmt.Errorf("%w: --data is required (a PolNeAR split folder, e.g. polnear/data/dev)", errUsage)
	}
	anns, err := filepath.Glob(filepath.Join(*data, "attributions", "*.ann"))
	if err != nil {
		return err
	}
	if len(anns) == 0 {
		return fmt.Errorf("%w: no attributions/*.ann under %s", errUsage, *data)
	}
	sort.Strings(anns)
	var sc quote.Scorer
	if *misses != "" {
		mf, err := os.Create(*misses)
		if err != nil {
			return err
		}
		defer mf.Close()
		sc.Misses = func(kind, line string) { fmt.Fprintf(mf, "%s\t%s\n", kind, line) }
	}
	texts := map[string]string{}
	quotes := map[string][]news.Quote{}
	for _, ann := range anns {
		if err := ctx.Err(); err != nil {
			return err
		}
		base := strings.TrimSuffix(filepath.Base(ann), ".ann")
		if i := strings.LastIndexByte(base, '_'); i > 0 {
			base = base[:i]
		}
		txt, ok := texts[base]
		if !ok {
			b, err := os.ReadFile(filepath.Join(*data, "text", base+".txt"))
			if err != nil {
				return fmt.Errorf("read polnear text: %w", err)
			}
			txt = string(b)
			texts[base] = txt
			a := &news.Article{ID: int64(len(texts)), Text: txt}
			quotes[base] = quote.Extract(a)
		}
		f, err := os.Open(ann)
		if err != nil {
			return fmt.Errorf("open polnear annotation: %w", err)
		}
		gold, err := quote.ParseBrat(f, txt)
		f.Close()
		if err != nil {
			return fmt.Errorf("%s: %w", ann, err)
		}
		sc.Add(txt, gold, quotes[base])
	}
	r := sc.Result()
	out := map[string]any{
		"documents":         sc.Docs,
		"articles":          len(texts),
		"gold_attributions": sc.Gold,
		"gold_direct":       sc.GoldDirect,
		"predicted_quotes":  sc.Pred,
		"predicted_direct":  sc.PredDirect,
	}
	put := func(prefix, suffix string, p metrics.PRF) {
		out[prefix+"_precision"+suffix] = p.Precision
		out[prefix+"_recall"+suffix] = p.Recall
		out[prefix+"_f1"+suffix] = p.F1
	}
	put("direct_content", "_overlap", r.DirectContentOverlap)
	put("direct_content", "_exact", r.DirectContentExact)
	put("direct_content", "_exact_words", r.DirectContentWords)
	put("direct_source", "", r.DirectSource)
	put("direct_source", "_exact", r.DirectSourceExact)
	put("direct_cue", "", r.DirectCue)
	put("direct_cue", "_exact", r.DirectCueExact)
	put("all_content", "_overlap", r.AllContentOverlap)
	put("all_content", "_exact", r.AllContentExact)
	put("all_content", "_exact_words", r.AllContentWords)
	put("all_source", "", r.AllSource)
	put("all_source", "_exact", r.AllSourceExact)
	put("cue", "", r.Cue)
	put("cue", "_exact", r.CueExact)
	row := func(name string, p metrics.PRF) []string {
		return []string{name, f3(p.Precision), f3(p.Recall), f3(p.F1)}
	}
	t := &Table{
		Title:  fmt.Sprintf("Quote extraction on PolNeAR (%s): %d annotation files over %d articles", *data, sc.Docs, len(texts)),
		Header: []string{"measure", "precision", "recall", "F1"},
		Rows: [][]string{
			row("direct content, overlap", r.DirectContentOverlap),
			row("direct content, exact", r.DirectContentExact),
			row("direct content, exact words", r.DirectContentWords),
			row("direct source, overlap", r.DirectSource),
			row("direct source, exact", r.DirectSourceExact),
			row("direct cue, overlap", r.DirectCue),
			row("direct cue, exact", r.DirectCueExact),
			row("all content, overlap", r.AllContentOverlap),
			row("all content, exact", r.AllContentExact),
			row("all content, exact words", r.AllContentWords),
			row("all source, overlap", r.AllSource),
			row("all source, exact", r.AllSourceExact),
			row("all cue, overlap", r.Cue),
			row("all cue, exact", r.CueExact),
		},
		Notes: []string{
			fmt.Sprintf("gold attributions %d (direct %d); predicted quotes %d (direct %d)", sc.Gold, sc.GoldDirect, sc.Pred, sc.PredDirect),
			"direct = content at least half inside quotation marks; exact = equal after trimming space, quotation marks and punctuation;",
			"exact words = exact, or the predicted pieces cover the same words as the gold fragments (punctuation between pieces ignored);",
			"source and cue are scored on quotes whose content overlaps a gold content (docs/quotes.md)",
		},
	}
	return emit(e, *format, out, t)
}
