package cli

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/crosscheck-news/crosscheck/internal/clickbait"
	"github.com/crosscheck-news/crosscheck/internal/metrics"
	"github.com/crosscheck-news/crosscheck/internal/news"
	"github.com/crosscheck-news/crosscheck/internal/shared"
	"github.com/crosscheck-news/crosscheck/internal/stance"
)

// FNC-1 and clickbait file names inside their --data folders.
const (
	fncBodies      = "train_bodies.csv"
	fncStances     = "train_stances.csv"
	clickbaitFile  = "clickbait_data.gz"
	plainFile      = "non_clickbait_data.gz"
	clickbaitFolds = 10
	clickbaitSeed  = 1
)

// stanceResult is the JSON form of "eval stance".
type stanceResult struct {
	Mode           string                 `json:"mode"` // "dev" (train+dev split) or "test" (a given model)
	Model          string                 `json:"model,omitempty"`
	Pairs          int                    `json:"pairs"`
	TrainPairs     int                    `json:"train_pairs,omitempty"`
	TrainBodies    int                    `json:"train_bodies,omitempty"`
	DevBodies      int                    `json:"dev_bodies,omitempty"`
	FNCScore       float64                `json:"fnc_score"`
	FNCRaw         float64                `json:"fnc_raw"`
	FNCMax         float64                `json:"fnc_max"`
	MacroF1        float64                `json:"macro_f1"`
	Accuracy       float64                `json:"accuracy"`
	DisagreeRecall float64                `json:"disagree_recall"`
	PerClass       map[string]metrics.PRF `json:"per_class"`
	Labels         []string               `json:"labels"`
	Confusion      metrics.Confusion      `json:"confusion"`
	PairsPerSecond float64                `json:"pairs_per_second"`
	FeatureGain    map[string]float64     `json:"feature_gain,omitempty"`
}

func evalStance(ctx context.Context, e *Env, args []string) error {
	fs := newFlagSet(e, "eval stance", "eval stance [--bodies FILE --stances FILE] [--model FILE] [--split auto|dev|none] [--format text|json]")
	bodies := fs.String("bodies", shared.Path("data", "fnc1", fncBodies), "FNC-1 bodies CSV (Body ID, articleBody)")
	stances := fs.String("stances", shared.Path("data", "fnc1", fncStances), "FNC-1 stances CSV (Headline, Body ID, Stance)")
	modelPath := fs.String("model", "", "model file to evaluate (default: the shipped model); ignored with --split dev")
	split := fs.String("split", "auto", "dev: train on ~80% of Body IDs and score the other ~20%; none: score every pair with the model; auto: dev for train_*.csv files, else none")
	format := fs.String("format", "text", "output format: text or json")
	drop := fs.String("drop", "", "comma-separated features to leave out when training (--split dev, for ablations)")
	oneStage := fs.Bool("one-stage", false, "train one four-way forest instead of two stages (--split dev, for ablations)")
	if err := parseFormat(fs, args, format); err != nil {
		return err
	}
	if *bodies == "" || *stances == "" {
		return fmt.Errorf("%w: --bodies and --stances are required (the FNC-1 data was not found in ../shared)", errUsage)
	}
	mode := *split
	if mode == "auto" {
		mode = "none"
		if strings.HasPrefix(filepath.Base(*stances), "train_") {
			mode = "dev"
		}
	}
	if mode != "dev" && mode != "none" {
		return fmt.Errorf("%w: --split must be auto, dev or none, not %q", errUsage, *split)
	}
	pairs, err := readFNC(*bodies, *stances)
	if err != nil {
		return err
	}
	for i, p := range pairs {
		if p.Label == "" {
			return news.Errorf(news.EINVALID, "%s: row %d has no Stance label; eval needs the labelled file", *stances, i+2)
		}
	}
	res := stanceResult{Mode: "test"}
	var m *stance.Model
	test := pairs
	if mode == "dev" {
		res.Mode = "dev"
		var train []stance.Example
		test = nil
		tb, db := map[string]bool{}, map[string]bool{}
		for _, p := range pairs {
			if stance.DevSplit(p.BodyID) {
				test = append(test, p)
				db[p.BodyID] = true
			} else {
				train = append(train, p)
				tb[p.BodyID] = true
			}
		}
		res.TrainPairs, res.TrainBodies, res.DevBodies = len(train), len(tb), len(db)
		opts := stance.DefaultTrainOptions()
		if *drop != "" {
			opts.Drop = strings.Split(*drop, ",")
		}
		opts.TwoStage = !*oneStage
		if m, err = stance.Train(train, opts); err != nil {
			return err
		}
		res.FeatureGain = m.Gain
	} else {
		res.Model = "shipped"
		if *modelPath != "" {
			res.Model = *modelPath
			m, err = loadStance(*modelPath)
		} else {
			m, err = stance.Default()
		}
		if err != nil {
			return err
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	start := time.Now()
	preds := m.PredictPairs(test)
	res.PairsPerSecond = float64(len(test)) / time.Since(start).Seconds()
	gold := make([]string, len(test))
	pred := make([]string, len(test))
	conf := metrics.NewConfusion(len(stance.Labels))
	for i, p := range test {
		gold[i], pred[i] = p.Label, preds[i].Label
		conf.Add(stance.LabelIndex(gold[i]), stance.LabelIndex(pred[i]))
	}
	res.Pairs = len(test)
	res.FNCRaw, res.FNCMax = stance.Score(gold, pred)
	if res.FNCMax > 0 {
		res.FNCScore = 100 * res.FNCRaw / res.FNCMax
	}
	res.MacroF1 = conf.MacroF1()
	res.Accuracy = conf.Accuracy()
	res.Labels = stance.Labels[:]
	res.Confusion = conf
	res.PerClass = map[string]metrics.PRF{}
	for k, l := range stance.Labels {
		res.PerClass[l] = conf.Class(k)
	}
	res.DisagreeRecall = res.PerClass[stance.Disagree].Recall

	t := &Table{Title: fmt.Sprintf("FNC-1 stance (%s, %d pairs)", res.Mode, res.Pairs), Header: []string{"metric", "value"}}
	t.Rows = append(t.Rows,
		[]string{"fnc_score (relative %)", fmt.Sprintf("%.2f", res.FNCScore)},
		[]string{"macro_f1", f3(res.MacroF1)},
		[]string{"accuracy", f3(res.Accuracy)},
		[]string{"disagree_recall", f3(res.DisagreeRecall)},
	)
	for _, l := range stance.Labels {
		c := res.PerClass[l]
		t.Rows = append(t.Rows, []string{"f1 " + l, fmt.Sprintf("%s (P %s R %s)", f3(c.F1), f3(c.Precision), f3(c.Recall))})
	}
	t.Rows = append(t.Rows, []string{"pairs/s", fmt.Sprintf("%.0f", res.PairsPerSecond)})
	t.Notes = append(t.Notes, "", "confusion (rows gold, columns predicted):")
	var cb strings.Builder
	fmt.Fprintf(&cb, "%-10s", "")
	for _, l := range stance.Labels {
		fmt.Fprintf(&cb, " %9s", l)
	}
	for g, l := range stance.Labels {
		fmt.Fprintf(&cb, "\n%-10s", l)
		for p := range stance.Labels {
			fmt.Fprintf(&cb, " %9d", conf[g][p])
		}
	}
	t.Notes = append(t.Notes, cb.String())
	if res.Mode == "dev" {
		t.Notes = append(t.Notes, fmt.Sprintf("\nsplit: %d training pairs on %d bodies, %d dev pairs on %d bodies (body-disjoint, hash of Body ID)",
			res.TrainPairs, res.TrainBodies, res.Pairs, res.DevBodies))
		names := make([]string, 0, len(res.FeatureGain))
		var total float64
		for n, g := range res.FeatureGain {
			names = append(names, n)
			total += g
		}
		sort.Slice(names, func(i, j int) bool { return res.FeatureGain[names[i]] > res.FeatureGain[names[j]] })
		var gb strings.Builder
		gb.WriteString("feature gain share:")
		for i, n := range names {
			if i%6 == 0 {
				gb.WriteString("\n ")
			}
			fmt.Fprintf(&gb, " %s %.1f%%", n, 100*res.FeatureGain[n]/max(total, 1e-12))
		}
		t.Notes = append(t.Notes, gb.String())
	}
	return emit(e, *format, res, t)
}

func readFNC(bodiesPath, stancesPath string) ([]stance.Example, error) {
	bf, err := os.Open(bodiesPath)
	if err != nil {
		return nil, news.Errorf(news.EINVALID, "open bodies: %w", err)
	}
	defer bf.Close()
	sf, err := os.Open(stancesPath)
	if err != nil {
		return nil, news.Errorf(news.EINVALID, "open stances: %w", err)
	}
	defer sf.Close()
	return stance.ReadFNC1(bf, sf)
}

func loadStance(path string) (*stance.Model, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, news.Errorf(news.EINVALID, "open model: %w", err)
	}
	defer f.Close()
	return stance.Load(f)
}

// modelFromFlag returns the shipped model when path (a --model flag) is
// empty, else the model file at path read with load: EINVALID when it is
// not one.
func modelFromFlag[M any](path string, shipped func() M, load func(io.Reader) (M, error)) (M, error) {
	if path == "" {
		return shipped(), nil
	}
	var zero M
	f, err := os.Open(path)
	if err != nil {
		return zero, err
	}
	defer f.Close()
	m, err := load(f)
	if err != nil {
		return zero, news.Errorf(news.EINVALID, "%s: %v", path, err)
	}
	return m, nil
}

// clickbaitResult is the JSON form of "eval clickbait".
type clickbaitResult struct {
	Examples  int     `json:"examples"`
	Folds     int     `json:"folds"`
	Accuracy  float64 `json:"accuracy"`
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
	ROCAUC    float64 `json:"roc_auc"`
	// AccuracyMin and AccuracyMax are the extremes over folds.
	AccuracyMin float64 `json:"accuracy_min"`
	AccuracyMax float64 `json:"accuracy_max"`
}

func evalClickbait(ctx context.Context, e *Env, args []string) error {
	fs := newFlagSet(e, "eval clickbait", "eval clickbait [--data DIR] [--format text|json]")
	data := fs.String("data", shared.Path("data", "clickbait_chakraborty2016"), "folder with clickbait_data.gz and non_clickbait_data.gz")
	format := fs.String("format", "text", "output format: text or json")
	noChars := fs.Bool("no-chars", false, "leave out char n-grams (for ablations)")
	noShape := fs.Bool("no-shape", false, "leave out shape cues (for ablations)")
	if err := parseFormat(fs, args, format); err != nil {
		return err
	}
	exs, err := readClickbait(*data)
	if err != nil {
		return err
	}
	opts := clickbait.DefaultTrainOptions()
	opts.NoChars, opts.NoShape = *noChars, *noShape
	folds := metrics.Folds(len(exs), clickbaitFolds, clickbaitSeed)
	scores := make([]float64, len(exs))
	res := clickbaitResult{Examples: len(exs), Folds: clickbaitFolds, AccuracyMin: 1}
	for k, fold := range folds {
		if err := ctx.Err(); err != nil {
			return err
		}
		var train []clickbait.Example
		for _, i := range metrics.Rest(len(exs), fold) {
			train = append(train, exs[i])
		}
		m, err := clickbait.Train(train, opts)
		if err != nil {
			return fmt.Errorf("fold %d: %w", k, err)
		}
		ok := 0
		for _, i := range fold {
			scores[i] = m.Score(exs[i].Text)
			if (scores[i] >= 0.5) == exs[i].Clickbait {
				ok++
			}
		}
		acc := float64(ok) / float64(len(fold))
		res.AccuracyMin, res.AccuracyMax = min(res.AccuracyMin, acc), max(res.AccuracyMax, acc)
	}
	labels := make([]bool, len(exs))
	conf := metrics.NewConfusion(2)
	for i, ex := range exs {
		labels[i] = ex.Clickbait
		conf.Add(cbIndex(ex.Clickbait), cbIndex(scores[i] >= 0.5))
	}
	c := conf.Class(1)
	res.Accuracy, res.Precision, res.Recall, res.F1 = conf.Accuracy(), c.Precision, c.Recall, c.F1
	res.ROCAUC = metrics.ROCAUC(scores, labels)
	t := &Table{
		Title:  fmt.Sprintf("clickbait (Chakraborty et al. 2016), %d-fold CV over %d headlines", res.Folds, res.Examples),
		Header: []string{"metric", "value"},
		Rows: [][]string{
			{"accuracy", fmt.Sprintf("%s (folds %s–%s)", f3(res.Accuracy), f3(res.AccuracyMin), f3(res.AccuracyMax))},
			{"precision", f3(res.Precision)},
			{"recall", f3(res.Recall)},
			{"f1", f3(res.F1)},
			{"roc_auc", f3(res.ROCAUC)},
		},
	}
	return emit(e, *format, res, t)
}

func cbIndex(b bool) int {
	if b {
		return 1
	}
	return 0
}

func readClickbait(dir string) ([]clickbait.Example, error) {
	if dir == "" {
		return nil, fmt.Errorf("%w: --data is required (the clickbait data was not found in ../shared)", errUsage)
	}
	cf, err := os.Open(filepath.Join(dir, clickbaitFile))
	if err != nil {
		return nil, news.Errorf(news.EINVALID, "open clickbait data: %w", err)
	}
	defer cf.Close()
	pf, err := os.Open(filepath.Join(dir, plainFile))
	if err != nil {
		return nil, news.Errorf(news.EINVALID, "open clickbait data: %w", err)
	}
	defer pf.Close()
	return clickbait.ReadCorpus(cf, pf)
}

func trainStance(ctx context.Context, e *Env, args []string) error {
	fs := newFlagSet(e, "train stance", "train stance [--data DIR] --out FILE [--split all|train]")
	data := fs.String("data", shared.Path("data", "fnc1"), "folder with the FNC-1 train_bodies.csv and train_stances.csv")
	out := fs.String("out", "", "model file to write (a FILE.txt sidecar records how it was made)")
	split := fs.String("split", "all", "all: train on every pair; train: only the training side of the dev split")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *out == "" || *data == "" {
		return fmt.Errorf("%w: --out and --data are required", errUsage)
	}
	if *split != "all" && *split != "train" {
		return fmt.Errorf("%w: --split must be all or train, not %q", errUsage, *split)
	}
	files := []string{filepath.Join(*data, fncBodies), filepath.Join(*data, fncStances)}
	pairs, err := readFNC(files[0], files[1])
	if err != nil {
		return err
	}
	if *split == "train" {
		kept := pairs[:0:0]
		for _, p := range pairs {
			if !stance.DevSplit(p.BodyID) {
				kept = append(kept, p)
			}
		}
		pairs = kept
	}
	start := time.Now()
	m, err := stance.Train(pairs, stance.DefaultTrainOptions())
	if err != nil {
		return err
	}
	note := fmt.Sprintf("%d pairs, two-stage gradient-boosted trees over %d features", len(pairs), len(stance.FeatureNames()))
	return writeModel(e, *out, m.Save, "crosscheck train stance "+strings.Join(args, " "), files, note, time.Since(start))
}

func trainClickbait(ctx context.Context, e *Env, args []string) error {
	fs := newFlagSet(e, "train clickbait", "train clickbait [--data DIR] --out FILE")
	data := fs.String("data", shared.Path("data", "clickbait_chakraborty2016"), "folder with clickbait_data.gz and non_clickbait_data.gz")
	out := fs.String("out", "", "model file to write (a FILE.txt sidecar records how it was made)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *out == "" {
		return fmt.Errorf("%w: --out is required", errUsage)
	}
	exs, err := readClickbait(*data)
	if err != nil {
		return err
	}
	start := time.Now()
	m, err := clickbait.Train(exs, clickbait.DefaultTrainOptions())
	if err != nil {
		return err
	}
	files := []string{filepath.Join(*data, clickbaitFile), filepath.Join(*data, plainFile)}
	note := fmt.Sprintf("%d headlines, logistic regression over hashed word, bigram, char-gram and shape features", len(exs))
	return writeModel(e, *out, m.Save, "crosscheck train clickbait "+strings.Join(args, " "), files, note, time.Since(start))
}

// writeModel writes a model file with save and its sidecar FILE.txt: the
// command, the sha256 of every data file and of the model. The sidecar
// holds no time stamp, so retraining on the same data reproduces both
// files.
func writeModel(e *Env, out string, save func(io.Writer) error, command string, files []string, note string, took time.Duration) error {
	var buf bytes.Buffer
	if err := save(&buf); err != nil {
		return err
	}
	model := buf.Bytes()
	if err := os.WriteFile(out, model, 0o644); err != nil {
		return fmt.Errorf("write model: %w", err)
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "Built by: %s\n", command)
	fmt.Fprintf(&sb, "Model: %s\n", note)
	sum := sha256.Sum256(model)
	fmt.Fprintf(&sb, "Model sha256: %s (%d bytes)\n", hex.EncodeToString(sum[:]), len(model))
	sb.WriteString("Data files (sha256):\n")
	for _, f := range files {
		h, err := sha256File(f)
		if err != nil {
			return err
		}
		fmt.Fprintf(&sb, "  %s  %s\n", h, filepath.Base(f))
	}
	if err := os.WriteFile(out+".txt", []byte(sb.String()), 0o644); err != nil {
		return fmt.Errorf("write model sidecar: %w", err)
	}
	fmt.Fprintf(e.Stderr, "wrote %s (%s bytes) and %s.txt in %s\n", out, strconv.Itoa(len(model)), out, took.Round(time.Millisecond))
	return nil
}

// saveFile creates the file at path and writes it with save.
func saveFile(path string, save func(io.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := save(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func sha256File(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", fmt.Errorf("hash data file: %w", err)
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", fmt.Errorf("hash data file: %w", err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
