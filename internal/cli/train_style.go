package cli

import (
	"bytes"
	"context"
	"fmt"
	"os"

	"github.com/crosscheck-news/crosscheck/internal/credibility"
	"github.com/crosscheck-news/crosscheck/internal/ingest"
	"github.com/crosscheck-news/crosscheck/internal/shared"
)

// trainStyle fits the writing-style model on every labelled fake/real
// corpus eval credibility reads and writes it as a model file.
func trainStyle(_ context.Context, e *Env, args []string) error {
	fs := newFlagSet(e, "train style", "train style [--data DIR] [--style dense|words] --out FILE")
	data := fs.String("data", shared.Path("data"), "directory holding fakenewsnet_v1/, fakenews_perezrosas2018/ and fakenews_horne2017/")
	style := fs.String("style", styleMode(credibility.DefaultStyleParams), "dense (style features only) or words (plus hashed words and bigrams)")
	out := fs.String("out", "", "model file to write")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *out == "" {
		return fmt.Errorf("%w: --out is required", errUsage)
	}
	p := credibility.DefaultStyleParams
	switch *style {
	case "dense":
		p.Words = false
	case "words":
		p.Words = true
	default:
		return fmt.Errorf("%w: --style %q: want dense or words", errUsage, *style)
	}
	var rows []credibility.StyleRow
	var fake []bool
	var counts []string
	for _, c := range credCorpora {
		arts, err := c.load(*data)
		if err != nil {
			return err
		}
		n := 0
		for _, la := range arts {
			if err := ingest.Prepare(la.a); err != nil {
				continue // an empty article teaches nothing
			}
			rows, fake = append(rows, credibility.NewStyleRow(la.a, p.Words)), append(fake, la.fake)
			n++
		}
		counts = append(counts, fmt.Sprintf("%s %d", c.name, n))
	}
	m, err := credibility.TrainStyle(rows, fake, p)
	if err != nil {
		return err
	}
	m.Trained = fmt.Sprintf("crosscheck train style --style %s (%s articles: %v)", *style, fmt.Sprint(len(rows)), counts)
	var buf bytes.Buffer
	if err := m.Save(&buf); err != nil {
		return err
	}
	if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(e.Stdout, "wrote %s: %d bytes, style model (%s) on %d articles: %v\n", *out, buf.Len(), *style, len(rows), counts)
	return nil
}
