package stance

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/crosscheck-news/crosscheck/internal/news"
	"github.com/zeebo/xxh3"
)

// ReadFNC1 reads pairs in the FNC-1 CSV format: a bodies file with the
// columns "Body ID" and "articleBody", and a stances file with "Headline",
// "Body ID" and "Stance" (the competition test files have the same form).
// A stances file without a Stance column gives pairs with empty labels.
// Column order does not matter; a UTF-8 byte-order mark is skipped.
func ReadFNC1(bodies, stances io.Reader) ([]Example, error) {
	brows, err := readCSV(bodies, "Body ID", "articleBody")
	if err != nil {
		return nil, fmt.Errorf("fnc-1 bodies: %w", err)
	}
	byID := make(map[string]string, len(brows))
	for _, r := range brows {
		byID[r[0]] = r[1]
	}
	srows, err := readCSV(stances, "Headline", "Body ID", "?Stance")
	if err != nil {
		return nil, fmt.Errorf("fnc-1 stances: %w", err)
	}
	out := make([]Example, 0, len(srows))
	for i, r := range srows {
		body, ok := byID[r[1]]
		if !ok {
			return nil, news.Errorf(news.EINVALID, "fnc-1 stances: row %d names Body ID %q, which the bodies file lacks", i+2, r[1])
		}
		label := strings.TrimSpace(r[2])
		if label != "" && LabelIndex(label) < 0 {
			return nil, news.Errorf(news.EINVALID, "fnc-1 stances: row %d has stance %q", i+2, label)
		}
		out = append(out, Example{Claim: r[0], Body: body, Label: label, BodyID: r[1]})
	}
	return out, nil
}

// readCSV returns the named columns of every row; a name starting with "?"
// is optional and reads as "" when absent.
func readCSV(r io.Reader, cols ...string) ([][]string, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	head, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, news.Errorf(news.EINVALID, "empty file")
	}
	if err != nil {
		return nil, news.Errorf(news.EINVALID, "read header: %w", err)
	}
	if len(head) > 0 {
		head[0] = strings.TrimPrefix(head[0], "\ufeff")
	}
	idx := make([]int, len(cols))
	for i, c := range cols {
		name := strings.TrimPrefix(c, "?")
		idx[i] = -1
		for j, h := range head {
			if strings.TrimSpace(h) == name {
				idx[i] = j
			}
		}
		if idx[i] < 0 && !strings.HasPrefix(c, "?") {
			return nil, news.Errorf(news.EINVALID, "no %q column in header %q", name, head)
		}
	}
	var out [][]string
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, news.Errorf(news.EINVALID, "%w", err)
		}
		row := make([]string, len(cols))
		for i, j := range idx {
			if j >= 0 {
				if j >= len(rec) {
					line, _ := cr.FieldPos(0)
					return nil, news.Errorf(news.EINVALID, "line %d has %d fields, want at least %d", line, len(rec), j+1)
				}
				row[i] = rec[j]
			}
		}
		out = append(out, row)
	}
}

// DevSplit reports whether a body belongs to the development part of the
// body-disjoint split used for FNC-1 training data: about 20% of Body IDs,
// chosen by a fixed hash (xxh3 of the ID text), so every pair of a body
// falls on the same side and the split is the same on every run.
func DevSplit(bodyID string) bool { return xxh3.HashString("fnc1-dev:"+bodyID)%100 < 20 }

// Score returns the FNC-1 score of predictions against gold labels and its
// maximum: per pair, 0.25 when both are unrelated or both are related
// (agree, disagree or discuss), and 0.75 more when a related gold label is
// matched exactly. The relative score is 100*score/max.
func Score(gold, pred []string) (score, maxScore float64) {
	for i, g := range gold {
		p := pred[i]
		if g == Unrelated {
			maxScore += 0.25
		} else {
			maxScore += 1
		}
		if (g == Unrelated) == (p == Unrelated) {
			score += 0.25
			if g != Unrelated && g == p {
				score += 0.75
			}
		}
	}
	return score, maxScore
}
