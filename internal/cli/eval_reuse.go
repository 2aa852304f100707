package cli

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/crosscheck-news/crosscheck/internal/metrics"
	"github.com/crosscheck-news/crosscheck/internal/news"
	"github.com/crosscheck-news/crosscheck/internal/reuse"
	"github.com/crosscheck-news/crosscheck/internal/shared"
	"github.com/crosscheck-news/crosscheck/internal/text"
)

// readMRPCFile reads one MRPC file.
func readMRPCFile(path string) ([]reuse.LabeledPair, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open mrpc: %w", err)
	}
	defer f.Close()
	ps, err := reuse.ReadMRPC(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return ps, nil
}

// evalParaphrase trains the paraphrase judge on MRPC train and reports
// accuracy and F1 of the paraphrase class on MRPC test.
func evalParaphrase(ctx context.Context, e *Env, args []string) error {
	fs := newFlagSet(e, "eval paraphrase", "eval paraphrase [--data DIR] [--cv K [--seed N]] [--text PATHS] [--format text|json]")
	data := fs.String("data", shared.Path("data", "mrpc"), "MRPC folder with msr_paraphrase_{train,test}.txt")
	format := fs.String("format", "text", "output format: text or json")
	cv := fs.Int("cv", 0, "instead of scoring the test file, K-fold cross-validate on the train file, for choosing changes without looking at test")
	seed := fs.Uint64("seed", 7, "fold seed of --cv")
	texts := fs.String("text", "", "learn the word vectors from this comma-separated unlabeled news text (see train paraphrase) instead of using the shipped judge's")
	if err := parseFormat(fs, args, format); err != nil {
		return err
	}
	if *data == "" {
		return fmt.Errorf("%w: --data is required (the MRPC folder)", errUsage)
	}
	train, err := readMRPCFile(filepath.Join(*data, "msr_paraphrase_train.txt"))
	if err != nil {
		return err
	}
	if *cv == 1 || *cv < 0 {
		return fmt.Errorf("%w: --cv needs at least 2 folds", errUsage)
	}
	var wv *reuse.WordVectors
	if *texts == "" {
		j, err := reuse.DefaultParaphrase()
		if err != nil {
			return fmt.Errorf("%w (pass --text to learn word vectors instead)", err)
		}
		wv = j.Vectors()
	} else if wv, err = wordVectors(*texts); err != nil {
		return err
	}
	c := metrics.NewConfusion(2)
	var test []reuse.LabeledPair
	var p *reuse.Paraphrase
	if *cv > 0 {
		for _, fold := range metrics.Folds(len(train), *cv, *seed) {
			var tr []reuse.LabeledPair
			for _, i := range metrics.Rest(len(train), fold) {
				tr = append(tr, train[i])
			}
			if p, err = reuse.TrainParaphrase(tr, wv); err != nil {
				return err
			}
			for _, i := range fold {
				if err := ctx.Err(); err != nil {
					return err
				}
				c.Add(b2i(train[i].Paraphrase), b2i(p.Score(train[i].S1, train[i].S2) >= p.Threshold()))
			}
		}
	} else {
		if test, err = readMRPCFile(filepath.Join(*data, "msr_paraphrase_test.txt")); err != nil {
			return err
		}
		if p, err = reuse.TrainParaphrase(train, wv); err != nil {
			return err
		}
		for _, x := range test {
			if err := ctx.Err(); err != nil {
				return err
			}
			c.Add(b2i(x.Paraphrase), b2i(p.Score(x.S1, x.S2) >= p.Threshold()))
		}
	}
	pos := c.Class(1)
	out := struct {
		Accuracy   float64 `json:"accuracy"`
		F1         float64 `json:"f1"`
		Precision  float64 `json:"precision"`
		Recall     float64 `json:"recall"`
		Threshold  float64 `json:"threshold"`
		TrainPairs int     `json:"train_pairs"`
		TestPairs  int     `json:"test_pairs"`
	}{c.Accuracy(), pos.F1, pos.Precision, pos.Recall, p.Threshold(), len(train), len(test)}
	title := "Paraphrase judge on MRPC (trained on train, scored on test)"
	if *cv > 0 {
		title = fmt.Sprintf("Paraphrase judge on MRPC train, %d-fold cross-validation, fold seed %d (the test file is not read; threshold is the last fold's)", *cv, *seed)
	}
	return emit(e, *format, out, &Table{
		Title:  title,
		Header: []string{"metric", "value"},
		Rows: [][]string{
			{"accuracy", f3(out.Accuracy)}, {"f1", f3(out.F1)},
			{"precision", f3(out.Precision)}, {"recall", f3(out.Recall)},
			{"threshold", f3(out.Threshold)},
			{"train pairs", strconv.Itoa(out.TrainPairs)}, {"test pairs", strconv.Itoa(out.TestPairs)},
		},
		Notes: []string{"Anchors (ACL wiki): Wan et al. 2006 75.6/83.0; Ji & Eisenstein 2013 80.4/85.9; always \"paraphrase\" 66.5 accuracy."},
	})
}

// trainParaphrase writes a paraphrase model file trained on MRPC train.
func trainParaphrase(ctx context.Context, e *Env, args []string) error {
	fs := newFlagSet(e, "train paraphrase", "train paraphrase [--data DIR] [--text PATHS] --out FILE")
	data := fs.String("data", shared.Path("data", "mrpc"), "MRPC folder with msr_paraphrase_train.txt")
	texts := fs.String("text", defaultVectorText(), "comma-separated unlabeled news text the word vectors are learned from: .csv (articleBody or text column), .jsonl (text or sentences), or folders of .txt and .json files")
	out := fs.String("out", "", "model file to write")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *data == "" || *out == "" {
		return fmt.Errorf("%w: --data and --out are required", errUsage)
	}
	train, err := readMRPCFile(filepath.Join(*data, "msr_paraphrase_train.txt"))
	if err != nil {
		return err
	}
	wv, err := wordVectors(*texts)
	if err != nil {
		return err
	}
	p, err := reuse.TrainParaphrase(train, wv)
	if err != nil {
		return err
	}
	b, err := p.Encode()
	if err != nil {
		return err
	}
	if err := os.WriteFile(*out, b, 0o644); err != nil {
		return fmt.Errorf("write model: %w", err)
	}
	fmt.Fprintf(e.Stdout, "wrote %s (%d bytes; %d training pairs; threshold %.3f)\n", *out, len(b), len(train), p.Threshold())
	return nil
}

// vectorText lists the unlabeled news text of ../shared/data the judge's
// word vectors are learned from (MRPC is not among them).
var vectorText = [][]string{
	{"fnc1", "train_bodies.csv"},
	{"polnear", "data", "train", "text"},
	{"ecbplus", "ecbplus_documents.jsonl"},
	{"fakenews_horne2017"},
	{"fakenews_perezrosas2018", "fakeNewsDataset"},
	{"fakenewsnet_v1", "Data"},
}

// defaultVectorText returns the paths of vectorText that exist, joined by
// commas.
func defaultVectorText() string {
	var ps []string
	for _, el := range vectorText {
		if p := shared.Path(append([]string{"data"}, el...)...); p != "" {
			ps = append(ps, p)
		}
	}
	return strings.Join(ps, ",")
}

// wordVectors learns the judge's word vectors from the comma-separated
// paths; none gives a judge without them.
func wordVectors(paths string) (*reuse.WordVectors, error) {
	var texts []string
	for _, p := range strings.Split(paths, ",") {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		t, err := readCorpus(p)
		if err != nil {
			return nil, err
		}
		texts = append(texts, t...)
	}
	if len(texts) == 0 {
		return nil, nil
	}
	return reuse.BuildWordVectors(texts, reuse.DefaultWordVectors)
}

// readCorpus reads unlabeled text: a .csv file's articleBody or text column,
// a .jsonl file's text or sentences fields, or every .txt file and the text
// field of every .json file under a folder, in path order.
func readCorpus(path string) ([]string, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("text corpus: %w", err)
	}
	if !fi.IsDir() {
		return readCorpusFile(path)
	}
	var out []string
	err = filepath.WalkDir(path, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		switch strings.ToLower(filepath.Ext(p)) {
		case ".txt", ".json":
			t, err := readCorpusFile(p)
			out = append(out, t...)
			return err
		}
		return nil
	})
	return out, err
}

func readCorpusFile(path string) ([]string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("text corpus: %w", err)
	}
	b = bytes.TrimPrefix(b, []byte("\ufeff"))
	switch strings.ToLower(filepath.Ext(path)) {
	case ".csv":
		r := csv.NewReader(bytes.NewReader(b))
		r.FieldsPerRecord = -1
		rows, err := r.ReadAll()
		if err != nil || len(rows) == 0 {
			return nil, fmt.Errorf("text corpus %s: %v", path, err)
		}
		col := slices.IndexFunc(rows[0], func(h string) bool { return h == "articleBody" || h == "text" })
		if col < 0 {
			return nil, fmt.Errorf("text corpus %s: no articleBody or text column", path)
		}
		var out []string
		for _, row := range rows[1:] {
			if col < len(row) {
				out = append(out, row[col])
			}
		}
		return out, nil
	case ".json", ".jsonl":
		var out []string
		dec := json.NewDecoder(bytes.NewReader(b))
		for {
			var doc struct {
				Text      string   `json:"text"`
				Sentences []string `json:"sentences"`
			}
			if err := dec.Decode(&doc); err == io.EOF {
				break
			} else if err != nil {
				return nil, fmt.Errorf("text corpus %s: %w", path, err)
			}
			if doc.Text == "" {
				doc.Text = strings.Join(doc.Sentences, " ")
			}
			out = append(out, doc.Text)
		}
		return out, nil
	}
	return []string{string(b)}, nil
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Clough & Stevenson categories, in the order of the confusion matrix.
var csCategories = []string{"non", "heavy", "light", "cut"}

// evalReuse classifies each answer of the Clough & Stevenson corpus as cut,
// light, heavy or non against the source text of its task, with k-fold
// cross-validation.
func evalReuse(ctx context.Context, e *Env, args []string) error {
	fs := newFlagSet(e, "eval reuse", "eval reuse [--data DIR] [--folds K] [--seed N] [--format text|json]")
	data := fs.String("data", shared.Path("data", "clough_stevenson_2011", "data"), "corpus folder with file_information.csv")
	folds := fs.Int("folds", 5, "cross-validation folds")
	seed := fs.Uint64("seed", 1, "fold shuffle seed")
	format := fs.String("format", "text", "output format: text or json")
	if err := parseFormat(fs, args, format); err != nil {
		return err
	}
	if *data == "" {
		return fmt.Errorf("%w: --data is required (the corpus folder)", errUsage)
	}
	if *folds < 2 {
		return fmt.Errorf("%w: --folds must be at least 2", errUsage)
	}
	docs, err := readClough(*data)
	if err != nil {
		return err
	}
	if len(docs) < *folds {
		return fmt.Errorf("clough: %d answers for %d folds", len(docs), *folds)
	}
	items := make([]reuse.DocReuse, len(docs))
	labels := make([]int, len(docs))
	for i, d := range docs {
		if err := ctx.Err(); err != nil {
			return err
		}
		items[i] = reuse.CompareDocs(d.answer, d.source, reuse.AlignOptions{})
		labels[i] = d.label
	}
	c4 := metrics.NewConfusion(len(csCategories))
	c2 := metrics.NewConfusion(2)
	for _, fold := range metrics.Folds(len(docs), *folds, *seed) {
		var tx []reuse.DocReuse
		var ty []int
		for _, i := range metrics.Rest(len(docs), fold) {
			tx = append(tx, items[i])
			ty = append(ty, labels[i])
		}
		clf, err := reuse.TrainLevels(tx, ty, len(csCategories))
		if err != nil {
			return err
		}
		// The binary task (reused or not) has its own classifier, as in
		// Clough & Stevenson's binary experiments.
		by := make([]int, len(ty))
		for i, y := range ty {
			by[i] = b2i(y > 0)
		}
		bin, err := reuse.TrainLevels(tx, by, 2)
		if err != nil {
			return err
		}
		for _, i := range fold {
			c4.Add(labels[i], clf.Predict(items[i]))
			c2.Add(b2i(labels[i] > 0), bin.Predict(items[i]))
		}
	}
	out := struct {
		BinaryAccuracy float64 `json:"binary_accuracy"`
		Accuracy4Way   float64 `json:"accuracy_4way"`
		MacroF1        float64 `json:"macro_f1"`
		BinaryF1       float64 `json:"binary_f1"`
		Answers        int     `json:"answers"`
		Folds          int     `json:"folds"`
	}{c2.Accuracy(), c4.Accuracy(), c4.MacroF1(), c2.Class(1).F1, len(docs), *folds}
	t := &Table{
		Title:  fmt.Sprintf("Document-level reuse on Clough & Stevenson (%d answers, %d-fold cross-validation)", len(docs), *folds),
		Header: []string{"metric", "value"},
		Rows: [][]string{
			{"binary accuracy (reused vs non)", f3(out.BinaryAccuracy)},
			{"binary F1 (reused)", f3(out.BinaryF1)},
			{"4-way accuracy", f3(out.Accuracy4Way)},
			{"4-way macro F1", f3(out.MacroF1)},
		},
		Notes: []string{"Confusion (rows gold, columns predicted: " + strings.Join(csCategories, ", ") + "):"},
	}
	for g, row := range c4 {
		cells := make([]string, len(row))
		for p, n := range row {
			cells[p] = strconv.Itoa(n)
		}
		t.Notes = append(t.Notes, fmt.Sprintf("  %-6s %s", csCategories[g], strings.Join(cells, " ")))
	}
	t.Notes = append(t.Notes, "Anchors: Clough & Stevenson 2011 about 0.80 (4-way) and 0.95 (binary) [unverified].")
	return emit(e, *format, out, t)
}

type csDoc struct {
	answer, source *news.Article
	label          int
}

// readClough reads file_information.csv and the answer and source texts.
func readClough(dir string) ([]csDoc, error) {
	b, err := os.ReadFile(filepath.Join(dir, "file_information.csv"))
	if err != nil {
		return nil, fmt.Errorf("read clough index: %w", err)
	}
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("parse file_information.csv: %w", err)
	}
	sources := map[string]*news.Article{}
	load := func(name string, id int64) (*news.Article, error) {
		raw, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return nil, fmt.Errorf("read clough answer: %w", err)
		}
		t := text.Normalize(decodeLenient(raw))
		return &news.Article{ID: id, Text: t, Sentences: text.Sentences(t)}, nil
	}
	var out []csDoc
	for i, r := range rows {
		if i == 0 || len(r) < 3 {
			continue
		}
		file, task, cat := r[0], r[1], r[2]
		label := -1
		for k, c := range csCategories {
			if c == cat {
				label = k
			}
		}
		if cat == "orig" || label < 0 {
			continue
		}
		src, ok := sources[task]
		if !ok {
			src, err = load("orig_task"+task+".txt", -int64(len(sources)+1))
			if err != nil {
				return nil, err
			}
			sources[task] = src
		}
		ans, err := load(file, int64(i))
		if err != nil {
			return nil, err
		}
		out = append(out, csDoc{answer: ans, source: src, label: label})
	}
	if len(out) == 0 {
		return nil, errors.New("clough: no answers in file_information.csv")
	}
	return out, nil
}

// cp1252 maps the bytes 0x80–0x9F of Windows-1252 that the corpus uses.
var cp1252 = map[byte]rune{
	0x80: '€', 0x85: '…', 0x91: '‘', 0x92: '’', 0x93: '“', 0x94: '”', 0x96: '–', 0x97: '—',
}

// decodeLenient returns b as UTF-8, reading bytes that are not valid UTF-8
// as Windows-1252 (Latin-1 for the rest), since the corpus mixes encodings.
func decodeLenient(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	var sb strings.Builder
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		if r == utf8.RuneError && n <= 1 {
			if m, ok := cp1252[b[0]]; ok {
				r = m
			} else {
				r = rune(b[0])
			}
			n = 1
		}
		sb.WriteRune(r)
		b = b[n:]
	}
	return sb.String()
}

// evalAlign measures passage alignment on generated cases: a real body is
// copied with known edits (sentences dropped, sentences of other bodies
// inserted, words substituted, blocks moved), and the characters of the copy
// that come from the body are the truth.
func evalAlign(ctx context.Context, e *Env, args []string) error {
	fs := newFlagSet(e, "eval align", "eval align [--data FILE] [--n N] [--seed N] [--format text|json]")
	data := fs.String("data", shared.Path("data", "fnc1", "train_bodies.csv"), "FNC-1 bodies CSV (Body ID, articleBody)")
	n := fs.Int("n", 300, "number of generated cases")
	seed := fs.Uint64("seed", 1, "generator seed")
	format := fs.String("format", "text", "output format: text or json")
	if err := parseFormat(fs, args, format); err != nil {
		return err
	}
	if *data == "" {
		return fmt.Errorf("%w: --data is required (the FNC-1 bodies CSV)", errUsage)
	}
	if *n < 1 {
		return fmt.Errorf("%w: --n must be positive", errUsage)
	}
	bodies, err := readBodies(*data)
	if err != nil {
		return err
	}
	cases, err := reuse.GenerateAlignCases(bodies, *n, *seed)
	if err != nil {
		return err
	}
	var tp, fp, fn float64
	kinds := map[string]int{}
	for _, c := range cases {
		if err := ctx.Err(); err != nil {
			return err
		}
		ps := reuse.Align(c.Copy, c.Source, reuse.AlignOptions{})
		spans := make([]news.Span, len(ps))
		for i, p := range ps {
			spans[i] = p.Span
			kinds[p.Kind]++
		}
		t, f, m := reuse.CharOverlap(c.Copy.Text, spans, c.Truth)
		tp, fp, fn = tp+float64(t), fp+float64(f), fn+float64(m)
	}
	prf := metrics.FromCounts(tp, fp, fn)
	out := struct {
		CharPrecision float64 `json:"char_precision"`
		CharRecall    float64 `json:"char_recall"`
		CharF1        float64 `json:"char_f1"`
		Cases         int     `json:"cases"`
		Verbatim      int     `json:"verbatim_passages"`
		Edited        int     `json:"edited_passages"`
		Reworded      int     `json:"reworded_passages"`
	}{prf.Precision, prf.Recall, prf.F1, len(cases), kinds[news.PassageVerbatim], kinds[news.PassageEdited], kinds[news.PassageReworded]}
	return emit(e, *format, out, &Table{
		Title:  fmt.Sprintf("Passage alignment on %d generated edits of FNC-1 bodies (seed %d)", len(cases), *seed),
		Header: []string{"metric", "value"},
		Rows: [][]string{
			{"char precision", f3(out.CharPrecision)}, {"char recall", f3(out.CharRecall)}, {"char F1", f3(out.CharF1)},
			{"verbatim passages", strconv.Itoa(out.Verbatim)}, {"edited passages", strconv.Itoa(out.Edited)},
			{"reworded passages", strconv.Itoa(out.Reworded)},
		},
	})
}

// readBodies reads an FNC-1 bodies CSV (header "Body ID,articleBody") and
// returns the normalized bodies in file order.
func readBodies(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open bodies: %w", err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	var out []string
	for line := 0; ; line++ {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("parse %s: %w", path, err)
		}
		if line == 0 || len(rec) < 2 {
			continue
		}
		out = append(out, text.Normalize(rec[1]))
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no bodies", path)
	}
	return out, nil
}
