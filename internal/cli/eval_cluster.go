package cli

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/crosscheck-news/crosscheck/internal/cluster"
	"github.com/crosscheck-news/crosscheck/internal/metrics"
	"github.com/crosscheck-news/crosscheck/internal/shared"
)

// labelled is a clustering data set: documents with gold story labels, and
// whether each belongs to the dev split.
type labelled struct {
	docs []cluster.Doc
	gold []string
	dev  []bool
	// topic is each document's ECB+ topic (two look-alike events), by
	// document ID; nil for the other data sets.
	topic map[int64]string
}

// subset returns the documents whose dev flag equals dev (all when all).
func (l *labelled) subset(all, dev bool) ([]cluster.Doc, []string) {
	var docs []cluster.Doc
	var gold []string
	for i := range l.docs {
		if all || l.dev[i] == dev {
			docs, gold = append(docs, l.docs[i]), append(gold, l.gold[i])
		}
	}
	return docs, gold
}

// inDev puts a group in the dev split by a hash of its key: about one in
// five groups, the same on every run and machine.
func inDev(key string) bool {
	h := fnv.New32a()
	h.Write([]byte(key))
	return h.Sum32()%5 == 0
}

// loadClusterData reads a data set in its original format.
func loadClusterData(dataset, path string) (*labelled, error) {
	switch dataset {
	case "ecbplus":
		return loadECB(path)
	case "emergent":
		return loadEmergent(path)
	case "fnc1":
		return loadFNCClusters(path)
	}
	return nil, fmt.Errorf("%w: --dataset must be ecbplus, emergent or fnc1, not %q", errUsage, dataset)
}

// loadECB reads ecbplus_documents.jsonl: one document per line with its
// topic and event cluster. A topic pairs two look-alike events; the dev
// split holds whole topics, so look-alike pairs never straddle it.
func loadECB(dir string) (*labelled, error) {
	path := filepath.Join(dir, "ecbplus_documents.jsonl")
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	l := &labelled{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for n := 1; sc.Scan(); n++ {
		var r struct {
			DocName      string   `json:"doc_name"`
			Topic        int      `json:"topic"`
			EventCluster string   `json:"event_cluster"`
			Sentences    []string `json:"sentences"`
		}
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, n, err)
		}
		// ECB+'s second-event documents open with their source URL, split
		// into tokens: it is not article text, and its words ("http",
		// "www", the site) would tie documents by collection, not event.
		sents := r.Sentences
		for len(sents) > 0 && (strings.HasPrefix(sents[0], "http :") || strings.HasPrefix(sents[0], "https :")) {
			sents = sents[1:]
		}
		l.docs = append(l.docs, cluster.Doc{ID: int64(n), Text: untokenize(strings.Join(sents, "\n"))})
		l.gold = append(l.gold, r.EventCluster)
		l.dev = append(l.dev, inDev("topic-"+strconv.Itoa(r.Topic)))
		if l.topic == nil {
			l.topic = map[int64]string{}
		}
		l.topic[int64(n)] = "topic-" + strconv.Itoa(r.Topic)
	}
	return l, sc.Err()
}

// untokenize undoes the corpus's spaces before punctuation.
func untokenize(s string) string {
	r := strings.NewReplacer(" ,", ",", " .", ".", " ;", ";", " :", ":", " 's", "'s", " n't", "n't", "`` ", "\"", " ''", "\"")
	return r.Replace(s)
}

// loadEmergent reads the Emergent claims file: article headlines grouped
// by claimId.
func loadEmergent(dir string) (*labelled, error) {
	path := dir
	if fi, err := os.Stat(dir); err == nil && fi.IsDir() {
		path = filepath.Join(dir, "url-versions-2015-06-14-clean.csv")
	}
	rows, err := readCSV(path)
	if err != nil {
		return nil, err
	}
	col, err := columns(path, rows[0], "articleHeadline", "claimId")
	if err != nil {
		return nil, err
	}
	l := &labelled{}
	for i, r := range rows[1:] {
		l.docs = append(l.docs, cluster.Doc{ID: int64(i + 1), Title: r[col[0]], Text: r[col[0]]})
		l.gold = append(l.gold, r[col[1]])
		l.dev = append(l.dev, inDev(r[col[1]]))
	}
	return l, nil
}

// loadFNCClusters reads FNC-1 train_bodies.csv and groups the bodies by
// claim: bodies that share a related (not "unrelated") headline in
// train_stances.csv report the same claim (union-find over shared headlines).
func loadFNCClusters(dir string) (*labelled, error) {
	bodies, err := readCSV(filepath.Join(dir, "train_bodies.csv"))
	if err != nil {
		return nil, err
	}
	stances, err := readCSV(filepath.Join(dir, "train_stances.csv"))
	if err != nil {
		return nil, err
	}
	parent := map[string]string{}
	var find func(string) string
	find = func(x string) string {
		if p, ok := parent[x]; ok && p != x {
			r := find(p)
			parent[x] = r
			return r
		}
		parent[x] = x
		return x
	}
	union := func(a, b string) {
		ra, rb := find(a), find(b)
		if ra != rb {
			if ra < rb {
				parent[rb] = ra
			} else {
				parent[ra] = rb
			}
		}
	}
	for _, r := range stances[1:] {
		if len(r) < 3 || r[2] == "unrelated" {
			continue
		}
		union("b:"+r[1], "h:"+r[0])
	}
	l := &labelled{}
	for _, r := range bodies[1:] {
		if len(r) < 2 {
			continue
		}
		id, err := strconv.ParseInt(r[0], 10, 64)
		if err != nil {
			return nil, fmt.Errorf("train_bodies.csv: Body ID %q: %w", r[0], err)
		}
		g := find("b:" + r[0])
		l.docs = append(l.docs, cluster.Doc{ID: id, Text: r[1]})
		l.gold = append(l.gold, g)
		l.dev = append(l.dev, inDev(g))
	}
	return l, nil
}

func readCSV(path string) ([][]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	rows, err := r.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(rows) < 2 {
		return nil, fmt.Errorf("%s: no rows", path)
	}
	return rows, nil
}

func columns(path string, header []string, names ...string) ([]int, error) {
	out := make([]int, len(names))
	for i, n := range names {
		out[i] = -1
		for j, h := range header {
			if strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")) == n {
				out[i] = j
			}
		}
		if out[i] < 0 {
			return nil, fmt.Errorf("%s: no column %q", path, n)
		}
	}
	return out, nil
}

// shuffled returns the documents in a seeded random arrival order: the
// data sets carry no publication times, and file order groups events.
func shuffled(docs []cluster.Doc, gold []string, seed uint64) ([]cluster.Doc, []string) {
	idx := make([]int, len(docs))
	for i := range idx {
		idx[i] = i
	}
	rng := rand.New(rand.NewPCG(seed, 0))
	rng.Shuffle(len(idx), func(i, j int) { idx[i], idx[j] = idx[j], idx[i] })
	d2, g2 := make([]cluster.Doc, len(docs)), make([]string, len(docs))
	for i, j := range idx {
		d2[i], g2[i] = docs[j], gold[j]
	}
	return d2, g2
}

// runClusters clusters docs in order and returns the predicted labels.
func runClusters(m *cluster.Model, docs []cluster.Doc) []int64 {
	c := cluster.New(m, cluster.Options{})
	pred := make([]int64, len(docs))
	next := int64(0)
	for i, d := range docs {
		id, _, _ := c.Add(d, func() (int64, error) { next++; return next, nil })
		pred[i] = id
	}
	return pred
}

type clusterResult struct {
	Dataset string `json:"dataset"`
	Split   string `json:"split"`
	Docs    int    `json:"docs"`
	Stories int    `json:"gold_stories"`
	Found   int    `json:"predicted_stories"`
	metrics.ClusterScores
	ArticlesPerS float64 `json:"articles_per_s"`
	PeakHeapMB   float64 `json:"peak_heap_mb"`
	// With --per-topic: the topics clustered each on its own and the mean
	// of their BCubed F1.
	Topics      int     `json:"topics,omitempty"`
	TopicMeanF1 float64 `json:"topic_mean_bcubed_f1,omitempty"`
	// With --errors: how many documents went each way (see explainClusters).
	Decisions map[string]int `json:"decisions,omitempty"`
}

func evalCluster(ctx context.Context, e *Env, args []string) error {
	fs := newFlagSet(e, "eval cluster", "eval cluster [--dataset ecbplus|emergent|fnc1] [--data PATH] [--split dev|train|all] [--model FILE] [--format text|json]")
	dataset := fs.String("dataset", "ecbplus", "data set: ecbplus, emergent or fnc1")
	data := fs.String("data", "", "data set directory (default ../shared/data/DATASET)")
	split := fs.String("split", "all", "dev, train or all")
	modelPath := fs.String("model", "", "model file (default: the shipped model)")
	seed := fs.Uint64("seed", 1, "seed of the arrival order")
	format := fs.String("format", "text", "output format: text or json")
	stream := fs.Int("stream", 0, "replay the data set as a time-shifted stream this many articles long and report speed and memory")
	showErrors := fs.Bool("errors", false, "list the predicted stories that merge gold stories and the gold stories that are split, and class each decision against gold")
	predOut := fs.String("predictions", "", "write each document's ID, gold story and predicted story, tab-separated, to this file")
	perTopic := fs.Bool("per-topic", false, "ecbplus: cluster each topic (two look-alike events) in a store of its own, as a user analysing a handful of articles would")
	if err := parseFormat(fs, args, format); err != nil {
		return err
	}
	if *perTopic && *dataset != "ecbplus" {
		return fmt.Errorf("%w: --per-topic needs --dataset ecbplus", errUsage)
	}
	if *data == "" {
		*data = shared.Path("data", *dataset)
	}
	l, err := loadClusterData(*dataset, *data)
	if err == nil && *stream > 0 {
		return streamCluster(e, *format, *dataset, l, *stream)
	}
	if err != nil {
		return err
	}
	m, err := modelFromFlag(*modelPath, cluster.DefaultModel, cluster.LoadModel)
	if err != nil {
		return err
	}
	var docs []cluster.Doc
	var gold []string
	switch *split {
	case "all":
		docs, gold = l.subset(true, false)
	case "dev":
		docs, gold = l.subset(false, true)
	case "train":
		docs, gold = l.subset(false, false)
	default:
		return fmt.Errorf("%w: --split must be dev, train or all", errUsage)
	}
	docs, gold = shuffled(docs, gold, *seed)
	runtime.GC()
	stop := sampleHeap()
	start := time.Now()
	var pred []int64
	var topics int
	var topicMean float64
	var decisions map[string]int
	var decisionNotes []string
	switch {
	case *perTopic:
		pred, topics, topicMean = runTopics(m, l.topic, docs, gold)
	case *showErrors:
		pred, decisions, decisionNotes = explainClusters(m, docs, gold)
	default:
		pred = runClusters(m, docs)
	}
	el := time.Since(start)
	peak := stop()
	if *predOut != "" {
		if err := writePredictions(*predOut, docs, gold, pred); err != nil {
			return err
		}
	}
	res := clusterResult{Dataset: *dataset, Split: *split, Docs: len(docs), Stories: distinct(gold), Found: distinct(pred),
		ClusterScores: metrics.Cluster(gold, pred), ArticlesPerS: float64(len(docs)) / el.Seconds(), PeakHeapMB: peak,
		Topics: topics, TopicMeanF1: topicMean, Decisions: decisions}
	t := &Table{
		Title:  fmt.Sprintf("Story clustering on %s (%s split, %d documents, %d gold stories, %d found)", *dataset, *split, res.Docs, res.Stories, res.Found),
		Header: []string{"metric", "value"},
		Rows: [][]string{
			{"bcubed_precision", f3(res.BCubedPrecision)}, {"bcubed_recall", f3(res.BCubedRecall)}, {"bcubed_f1", f3(res.BCubedF1)},
			{"pairwise_f1", f3(res.PairwiseF1)}, {"ari", f3(res.ARI)},
			{"articles_per_s", fmt.Sprintf("%.0f", res.ArticlesPerS)}, {"peak_heap_mb", fmt.Sprintf("%.1f", res.PeakHeapMB)},
		},
	}
	if *perTopic {
		t.Title += fmt.Sprintf(", each of %d topics on its own", topics)
		t.Rows = append(t.Rows, []string{"topic_mean_bcubed_f1", f3(topicMean)})
	}
	if *showErrors {
		t.Notes = append(t.Notes, decisionNotes...)
		t.Notes = append(t.Notes, clusterErrors(gold, pred)...)
	}
	return emit(e, *format, res, t)
}

// runTopics clusters the documents of each topic with a clusterer of its
// own (in arrival order) and returns the predictions, story IDs distinct
// across topics, the number of topics and the mean BCubed F1 over them.
func runTopics(m *cluster.Model, topic map[int64]string, docs []cluster.Doc, gold []string) ([]int64, int, float64) {
	var order []string
	idx := map[string][]int{}
	for i, d := range docs {
		t := topic[d.ID]
		if idx[t] == nil {
			order = append(order, t)
		}
		idx[t] = append(idx[t], i)
	}
	pred := make([]int64, len(docs))
	var sum float64
	for k, t := range order {
		sub := make([]cluster.Doc, len(idx[t]))
		g := make([]string, len(idx[t]))
		for j, i := range idx[t] {
			sub[j], g[j] = docs[i], gold[i]
		}
		p := runClusters(m, sub)
		for j, i := range idx[t] {
			pred[i] = int64(k+1)<<32 | p[j]
		}
		sum += metrics.Cluster(g, p).BCubedF1
	}
	if len(order) == 0 {
		return pred, 0, 0
	}
	return pred, len(order), sum / float64(len(order))
}

// writePredictions writes one line per document: its ID, gold story and
// predicted story, tab-separated, in arrival order.
func writePredictions(path string, docs []cluster.Doc, gold []string, pred []int64) error {
	return saveFile(path, func(f io.Writer) error {
		w := bufio.NewWriter(f)
		for i, d := range docs {
			fmt.Fprintf(w, "%d\t%s\t%d\n", d.ID, gold[i], pred[i])
		}
		return w.Flush()
	})
}

// explainClusters clusters docs in order, as runClusters does, and classes
// each document's decision against gold: a gold story "has a story" once
// some predicted story holds more of it than of any other (ties to the
// lower label); a document whose gold story has none is "first", else
// its own story was or was not among the candidates the clusterer scored.
// It returns the predictions, the count of each class and notes giving
// them with the quartiles of the own story's join probability for the
// documents that started a story with it among the candidates.
func explainClusters(m *cluster.Model, docs []cluster.Doc, gold []string) ([]int64, map[string]int, []string) {
	major := map[int64]string{} // predicted story → its majority gold story
	majN := map[int64]int{}
	held := map[int64]map[string]int{}
	owns := map[string]int{} // gold story → predicted stories it is the majority of
	var cur string
	ownCand, ownP := false, 0.0
	c := cluster.New(m, cluster.Options{Explain: func(_ cluster.Doc, cands []cluster.Candidate) {
		for _, k := range cands {
			if major[k.Story] == cur {
				ownCand, ownP = true, max(ownP, k.P)
			}
		}
	}})
	pred := make([]int64, len(docs))
	counts := map[string]int{}
	var below []float64
	next := int64(0)
	for i, d := range docs {
		cur, ownCand, ownP = gold[i], false, 0
		hasOwn := owns[cur] > 0
		id, created, _ := c.Add(d, func() (int64, error) { next++; return next, nil })
		pred[i] = id
		var class string
		switch {
		case !hasOwn && created:
			class = "first, started a story"
		case !hasOwn:
			class = "first, joined another gold story's"
		case !created && major[id] == cur:
			class = "joined its own"
		case ownCand && created:
			class = "own a candidate, below the threshold: started a story"
			below = append(below, ownP)
		case ownCand:
			class = "own a candidate, joined another"
		case created:
			class = "own not a candidate, started a story"
		default:
			class = "own not a candidate, joined another"
		}
		counts[class]++
		if held[id] == nil {
			held[id] = map[string]int{}
		}
		held[id][cur]++
		if k := held[id][cur]; k > majN[id] || (k == majN[id] && cur < major[id]) {
			if old, ok := major[id]; ok && old != cur {
				owns[old]--
			}
			if major[id] != cur || majN[id] == 0 {
				owns[cur]++
			}
			major[id], majN[id] = cur, k
		}
	}
	classes := make([]string, 0, len(counts))
	for k := range counts {
		classes = append(classes, k)
	}
	sort.Strings(classes)
	var notes []string
	for _, k := range classes {
		notes = append(notes, fmt.Sprintf("decision: %s: %d", k, counts[k]))
	}
	if n := len(below); n > 0 {
		sort.Float64s(below)
		notes = append(notes, fmt.Sprintf("decision: own story's join probability when below the threshold, quartiles %.2f / %.2f / %.2f", below[n/4], below[n/2], below[3*n/4]))
	}
	return pred, counts, notes
}

// clusterErrors describes the merges (predicted stories holding more than
// one gold story) and splits (gold stories spread over several predicted
// ones), largest first, for error analysis.
func clusterErrors(gold []string, pred []int64) []string {
	byPred := map[int64]map[string]int{}
	byGold := map[string]map[int64]int{}
	for i := range gold {
		if byPred[pred[i]] == nil {
			byPred[pred[i]] = map[string]int{}
		}
		if byGold[gold[i]] == nil {
			byGold[gold[i]] = map[int64]int{}
		}
		byPred[pred[i]][gold[i]]++
		byGold[gold[i]][pred[i]]++
	}
	var out []string
	ids := make([]int64, 0, len(byPred))
	for id := range byPred {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(a, b int) bool { return ids[a] < ids[b] })
	for _, id := range ids {
		if len(byPred[id]) > 1 {
			out = append(out, fmt.Sprintf("merge: story %d holds %v", id, byPred[id]))
		}
	}
	gs := make([]string, 0, len(byGold))
	for g := range byGold {
		gs = append(gs, g)
	}
	sort.Strings(gs)
	for _, g := range gs {
		if len(byGold[g]) > 1 {
			out = append(out, fmt.Sprintf("split: %s over %v", g, byGold[g]))
		}
	}
	return out
}

func distinct[T comparable](v []T) int {
	m := map[T]bool{}
	for _, x := range v {
		m[x] = true
	}
	return len(m)
}

// sampleHeap samples the live heap every 10 ms until the returned function
// is called, which returns the peak in MB.
func sampleHeap() func() float64 {
	done := make(chan struct{})
	peak := make(chan float64)
	go func() {
		var max uint64
		tick := time.NewTicker(10 * time.Millisecond)
		defer tick.Stop()
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapAlloc > max {
				max = ms.HeapAlloc
			}
			select {
			case <-done:
				peak <- float64(max) / (1 << 20)
				return
			case <-tick.C:
			}
		}
	}()
	return func() float64 { close(done); return <-peak }
}

func trainCluster(ctx context.Context, e *Env, args []string) error {
	fs := newFlagSet(e, "train cluster", "train cluster [--data DIR] --out FILE")
	data := fs.String("data", shared.Path("data"), "directory holding ecbplus/, emergent/ and fnc1/")
	out := fs.String("out", "", "model file to write")
	seed := fs.Uint64("seed", 1, "seed of the arrival order")
	newStory := fs.Bool("new-story-model", false, "also learn the new-story decision as its own classifier (not the default: see docs/clustering.md)")
	drop := fs.String("drop", "", "comma-separated features to leave out, for ablations (body,title,names,gap,dates,maxlink)")
	refine := fs.Int("refine", 0, "rounds of retraining on the model's own stories (see docs/clustering.md)")
	orders := fs.Int("orders", 1, "arrival orders of each train split to replay (seeds --seed, --seed+1, ...)")
	background := fs.String("background", shared.Path("data", "polnear", "data", "train", "text"), "folder of .txt news articles whose document frequencies the model carries as its IDF background (\"\" for none)")
	bgWeight := fs.Float64("background-weight", 0.25, "what one background document counts for next to one of the stream")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *out == "" {
		return fmt.Errorf("%w: --out is required", errUsage)
	}
	if !(*bgWeight > 0 && *bgWeight <= 10) {
		return fmt.Errorf("%w: --background-weight must be in (0, 10]", errUsage)
	}
	var opts cluster.Options
	if *background != "" {
		docs, err := readTextDocs(*background)
		if err != nil {
			return fmt.Errorf("--background: %w", err)
		}
		opts.Background = cluster.NewBackground(docs, 2)
		opts.Background.Weight = *bgWeight
	}
	// Train on the train splits of all three data sets together, so that
	// the decision suits both headlines and full articles. The three run
	// as one stream, one after the other: the stories of the data sets
	// before stay live (the data carry no times) and are the candidates a
	// real stream offers, unrelated stories with some words in common.
	// Each arrival order (--orders) is a stream of its own.
	type set struct {
		docs []cluster.Doc
		gold []string
	}
	var sets []set
	streams := make([]cluster.Stream, *orders)
	for _, ds := range []string{"ecbplus", "emergent", "fnc1"} {
		l, err := loadClusterData(ds, filepath.Join(*data, ds))
		if err != nil {
			return err
		}
		for k := range streams {
			d, g := l.subset(false, false)
			d, g = shuffled(d, g, *seed+uint64(k))
			if k == 0 {
				sets = append(sets, set{d, append([]string(nil), g...)})
			}
			for i := range g {
				g[i] = ds + "/" + g[i]
			}
			streams[k].Docs, streams[k].Gold = append(streams[k].Docs, d...), append(streams[k].Gold, g...)
		}
	}
	var dropped []string
	if *drop != "" {
		dropped = strings.Split(*drop, ",")
	}
	m, err := cluster.Train(streams, opts, *newStory, dropped...)
	if err != nil {
		return fmt.Errorf("%w: --drop: %v", errUsage, err)
	}
	// The new-story decision: the join threshold that gives the best mean
	// BCubed F1 over the three train splits, each streamed on its own.
	setThreshold := func(m *cluster.Model) {
		best, chosen := -1.0, 0.5
		for th := 0.10; th <= 0.901; th += 0.05 {
			m.Threshold = math.Round(th*100) / 100
			var sum float64
			for _, ds := range sets {
				sum += metrics.Cluster(ds.gold, runClusters(m, ds.docs)).BCubedF1
			}
			if mean := sum / float64(len(sets)); mean > best {
				best, chosen = mean, m.Threshold
			}
		}
		m.Threshold = chosen
	}
	setThreshold(m)
	if *refine > 0 {
		if m, err = cluster.Refine(m, streams, opts, *refine, *newStory, setThreshold, dropped...); err != nil {
			return err
		}
	}
	dropNote := ""
	if *orders != 1 {
		dropNote += fmt.Sprintf(" --orders %d", *orders)
	}
	if *refine > 0 {
		dropNote += fmt.Sprintf(" --refine %d", *refine)
	}
	if *newStory {
		dropNote += " --new-story-model"
	}
	if *drop != "" {
		dropNote += " --drop " + *drop
	}
	if opts.Background != nil {
		dropNote += fmt.Sprintf(" --background %s --background-weight %g (%d documents, %d terms)", filepath.ToSlash(*background), *bgWeight, opts.Background.Docs, len(opts.Background.DF))
	}
	m.Trained = fmt.Sprintf("crosscheck train cluster --data %s --out %s --seed %d%s (train splits of ecbplus, emergent, fnc1)", filepath.ToSlash(*data), filepath.Base(*out), *seed, dropNote)
	if err := saveFile(*out, m.Save); err != nil {
		return err
	}
	fmt.Fprintf(e.Stdout, "wrote %s: weights %v bias %.3f threshold %.2f\n", *out, m.Weights, m.Bias, m.Threshold)
	return nil
}

// readTextDocs reads the .txt files of dir, in name order, as documents
// without title or date.
func readTextDocs(dir string) ([]cluster.Doc, error) {
	_, texts, err := readTexts(dir)
	if err != nil {
		return nil, err
	}
	docs := make([]cluster.Doc, len(texts))
	for i, t := range texts {
		docs[i] = cluster.Doc{Text: t}
	}
	return docs, nil
}

// readTexts returns the paths and contents of the .txt files of dir, in
// name order; a folder without any is an error.
func readTexts(dir string) (paths, texts []string, err error) {
	paths, err = filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil {
		return nil, nil, err
	}
	if len(paths) == 0 {
		return nil, nil, fmt.Errorf("%s: no .txt files", dir)
	}
	sort.Strings(paths)
	texts = make([]string, len(paths))
	for i, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			return nil, nil, err
		}
		texts[i] = string(b)
	}
	return paths, texts, nil
}

// streamCluster replays the data set as an endless stream: copy k of the
// data set is published 30 days after copy k-1 (beyond the dormancy
// window), one article a minute, under new IDs. It reports throughput and
// the live heap at 100,000 articles and at the end: with dormant stories
// leaving memory the two must stay close.
func streamCluster(e *Env, format, dataset string, l *labelled, n int) error {
	c := cluster.New(nil, cluster.Options{})
	next := int64(0)
	newID := func() (int64, error) { next++; return next, nil }
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	heap := func() float64 {
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		return float64(ms.HeapAlloc) / (1 << 20)
	}
	start := time.Now()
	var at100k float64
	for i := 0; i < n; i++ {
		k, j := i/len(l.docs), i%len(l.docs)
		d := l.docs[j]
		d.ID = int64(i + 1)
		d.Published = base.Add(time.Duration(k)*30*24*time.Hour + time.Duration(j)*time.Minute)
		if _, _, err := c.Add(d, newID); err != nil {
			return err
		}
		if i+1 == 100000 {
			at100k = heap()
		}
	}
	el := time.Since(start)
	end := heap()
	res := map[string]any{"dataset": dataset, "articles": n, "articles_per_s": float64(n) / el.Seconds(),
		"heap_mb_at_100k": at100k, "heap_mb_at_end": end, "active_stories": c.Active()}
	t := &Table{Title: fmt.Sprintf("Streaming %d articles of %s, time-shifted copies", n, dataset), Header: []string{"metric", "value"},
		Rows: [][]string{{"articles_per_s", fmt.Sprintf("%.0f", res["articles_per_s"])}, {"heap_mb_at_100k", fmt.Sprintf("%.1f", at100k)},
			{"heap_mb_at_end", fmt.Sprintf("%.1f", end)}, {"active_stories", fmt.Sprint(c.Active())}},
		Notes: []string{"The heap includes the data set itself, loaded once."}}
	return emit(e, format, res, t)
}
