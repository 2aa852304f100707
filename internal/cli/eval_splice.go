package cli

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

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
// random positions, inside paragraphs or as their own. A share sameActor of
// the spliced cases take their sentences from bodies of other claims that
// name the host's actors, and only sentences naming one of them (see
// actorDonors; a host without such donors is drawn again): content farms
// paste material about the same people and countries from other events.
func genSplices(l *labelled, dev bool, n int, seed uint64, sameActor float64) []spliceCase {
	rng := rand.New(rand.NewPCG(seed, 7))
	var ad *actorDonors
	if sameActor > 0 {
		ad = newActorDonors(l, dev)
	}
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
	misses := 0 // hosts drawn in a row without same-actor donors
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
		if len(cases)%2 == 1 && ad != nil && rng.Float64() < sameActor {
			inserts = ad.pick(rng, h, 1+rng.IntN(2), 1+rng.IntN(4))
			// Another host, unless the split seems to have none with
			// such donors: then random donors.
			if misses++; inserts == nil && misses <= 100*len(hosts) {
				continue
			}
			misses = 0
		}
		if len(cases)%2 == 1 && inserts == nil {
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

// actorDonors finds, for a host body, sentences of other claims' bodies
// that name its actors (see actors): the people, places and bodies it is
// about.
type actorDonors struct {
	l     *labelled
	sents [][]string // each body's sentences of five words or more
	names [][]string // the distinct names of each of those sentences
	// with holds, for each name, the bodies of the split naming it in
	// one of those sentences, in order, once each.
	with map[string][]int
	docs int // bodies in the split
	// vec is each body's TF-IDF vector over stems, of unit length.
	vec []map[string]float64
	// upper and lower count each word's capitalised and lower-case
	// occurrences in the split, not opening a sentence.
	upper, lower map[string]int
}

func newActorDonors(l *labelled, dev bool) *actorDonors {
	ad := &actorDonors{l: l, sents: make([][]string, len(l.docs)), names: make([][]string, len(l.docs)), with: map[string][]int{},
		vec: make([]map[string]float64, len(l.docs)), upper: map[string]int{}, lower: map[string]int{}}
	n, df := fncDF(l, dev)
	var toks []text.Token
	for i, d := range l.docs {
		if l.dev[i] != dev {
			continue
		}
		ad.docs++
		v := map[string]float64{}
		for _, w := range text.ContentWords(d.Text) {
			st := text.Stem(w)
			v[st] += math.Log(float64(n+1) / float64(df[st]+1))
		}
		var norm float64
		for _, x := range v {
			norm += x * x
		}
		for st := range v {
			v[st] /= math.Sqrt(norm)
		}
		ad.vec[i] = v
		t := text.Normalize(d.Text)
		seen := map[string]bool{}
		for _, s := range text.Sentences(t) {
			x := s.Span.Slice(t)
			if len(strings.Fields(x)) < 5 {
				continue
			}
			toks = text.AppendTokens(toks[:0], x, 0)
			var ns []string
			for j, tk := range toks {
				r, _ := utf8.DecodeRuneInString(tk.Text)
				if j == 0 || tk.Number || !unicode.IsLetter(r) {
					continue
				}
				if !unicode.IsUpper(r) {
					ad.lower[tk.Lower]++
					continue
				}
				ad.upper[tk.Lower]++
				if len(tk.Lower) > 2 && !text.IsStopWord(tk.Lower) && !slices.Contains(ns, tk.Lower) {
					ns = append(ns, tk.Lower)
				}
			}
			ad.sents[i] = append(ad.sents[i], x)
			ad.names[i] = append(ad.names[i], strings.Join(ns, " "))
			for _, nm := range ns {
				if !seen[nm] {
					seen[nm] = true
					ad.with[nm] = append(ad.with[nm], i)
				}
			}
		}
	}
	return ad
}

// actors returns host h's main actors: of the proper names (words written
// capitalised nine times in ten or more where they do not open a
// sentence) that two or more of its sentences hold, the maxActors most of
// its sentences name (ties: the rarer), leaving out the names of days and
// months, names in more than a tenth of the split's bodies and names no
// body of another claim holds.
func (ad *actorDonors) actors(h int) []string {
	count := map[string]int{}
	var names []string
	for _, ns := range ad.names[h] {
		for _, nm := range strings.Fields(ns) {
			if count[nm]++; count[nm] == 2 && ad.upper[nm] >= 9*ad.lower[nm] && !calendarName(nm) && len(ad.with[nm]) <= ad.docs/10 && ad.elsewhere(h, nm) {
				names = append(names, nm)
			}
		}
	}
	slices.SortStableFunc(names, func(a, b string) int {
		if c := cmp.Compare(count[b], count[a]); c != 0 {
			return c
		}
		return cmp.Compare(len(ad.with[a]), len(ad.with[b]))
	})
	return names[:min(len(names), maxActors)]
}

// elsewhere reports whether a body of a claim other than host h's names nm.
func (ad *actorDonors) elsewhere(h int, nm string) bool {
	return slices.ContainsFunc(ad.with[nm], func(o int) bool { return ad.l.gold[o] != ad.l.gold[h] })
}

// cosine is the cosine of bodies a and b's TF-IDF vectors.
func (ad *actorDonors) cosine(a, b int) float64 {
	var c float64
	for st, x := range ad.vec[a] {
		c += x * ad.vec[b][st]
	}
	return c
}

// maxDonorCosine is the highest TF-IDF cosine of a same-actor donor body
// with its host. FNC-1 holds several claims about one event, and one
// claim's bodies have a median cosine of 0.46 (a tenth under 0.26) while a
// random other claim's have 0.014 (nine tenths under 0.04, train split):
// a donor closer than this may well report the host's own event.
const maxDonorCosine = 0.1

// maxActors is the most actors of a host donors are looked for by.
const maxActors = 2

// calendarName reports whether a lower-case name is a weekday's or a
// month's.
func calendarName(nm string) bool {
	nm = strings.TrimSuffix(strings.TrimSuffix(nm, "'s"), "’s")
	for d := time.Sunday; d <= time.Saturday; d++ {
		if nm == strings.ToLower(d.String()) {
			return true
		}
	}
	for m := time.January; m <= time.December; m++ {
		if nm == strings.ToLower(m.String()) {
			return true
		}
	}
	return false
}

// pick returns up to k sentences naming one of host h's actors, from up to
// donors bodies of other claims that do and tell another event
// (maxDonorCosine; nil: there are none).
func (ad *actorDonors) pick(rng *rand.Rand, h, donors, k int) []string {
	actors := ad.actors(h)
	var bodies []int
	seen := map[int]bool{}
	for _, nm := range actors {
		for _, o := range ad.with[nm] {
			if !seen[o] && ad.l.gold[o] != ad.l.gold[h] && ad.cosine(h, o) < maxDonorCosine {
				seen[o] = true
				bodies = append(bodies, o)
			}
		}
	}
	slices.Sort(bodies)
	var inserts []string
	for d := 0; d < donors && len(inserts) < k && len(bodies) > 0; d++ {
		p := rng.IntN(len(bodies))
		o := bodies[p]
		bodies = append(bodies[:p], bodies[p+1:]...)
		var ss []string
		for j, ns := range ad.names[o] {
			for _, nm := range strings.Fields(ns) {
				if slices.Contains(actors, nm) {
					ss = append(ss, ad.sents[o][j])
					break
				}
			}
		}
		for len(inserts) < k*(d+1)/donors && len(ss) > 0 {
			p := rng.IntN(len(ss))
			inserts = append(inserts, ss[p])
			ss = append(ss[:p], ss[p+1:]...)
		}
	}
	return inserts
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
	fs := newFlagSet(e, "eval splice", "eval splice [--data FILE] [--n N] [--seed S] [--model FILE] [--same-actor] [--format text|json]")
	data := fs.String("data", shared.Path("data", "fnc1", "train_bodies.csv"), "FNC-1 train_bodies.csv (train_stances.csv beside it gives the claims)")
	n := fs.Int("n", 1000, "number of generated articles (half of them spliced)")
	seed := fs.Uint64("seed", 1, "generation seed")
	split := fs.String("split", "dev", "claims to build cases from: dev or train")
	modelPath := fs.String("model", "", "splice model file (default: the shipped model)")
	format := fs.String("format", "text", "output format: text or json")
	sameActor := fs.Bool("same-actor", false, "paste, in every spliced article, sentences naming the host's actors (the proper names most of its sentences hold) from bodies of other claims that name them and tell another event (content farms paste material about the same people and countries from other events)")
	index := fs.Bool("index", true, "hold the split's bodies in the cross-story sentence index, as a store that has ingested them does, so that sentences copied word for word from another claim's body are found whatever the model says (false: the topic model alone)")
	if err := parseFormat(fs, args, format); err != nil {
		return err
	}
	l, err := loadFNCClusters(filepath.Dir(*data))
	if err != nil {
		return err
	}
	m, err := modelFromFlag(*modelPath, credibility.DefaultSpliceModel, credibility.LoadSpliceModel)
	if err != nil {
		return err
	}
	dev := *split == "dev"
	share := 0.0
	if *sameActor {
		share = 1
	}
	cases := genSplices(l, dev, *n, *seed, share)
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
		copied := sx.copied(l, c)
		// The detector as the engine runs it: the model's flags, the
		// sentences the index finds and the runs they stand in.
		spans, probs, flagged := m.SpliceFlags(c.art, c.story, idf, m.Threshold, func(s news.Span) bool { return copied[s] }, nil)
		gold := sentenceLabels(spans, c.pasted)
		top := 0.0
		for i, p := range probs {
			if copied[spans[i]] {
				p = 1
			}
			pred := flagged[i]
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
		"cases": len(cases), "split": *split, "index": *index, "same_actor": *sameActor,
		"sentence_precision": prf.Precision, "sentence_recall": prf.Recall, "sentence_f1": prf.F1,
		"roc_auc": metrics.ROCAUC(scores, labels),
	}
	t := &Table{
		Title: fmt.Sprintf("Splice detection on %d generated articles from FNC-1 bodies (%s claims, seed %d%s; %s)", len(cases), *split, *seed,
			map[bool]string{true: ", same-actor donors", false: ""}[*sameActor],
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
	fs := newFlagSet(e, "train splice", "train splice [--data FILE] [--n N] [--seed S] [--same-actor N] --out FILE")
	data := fs.String("data", shared.Path("data", "fnc1", "train_bodies.csv"), "FNC-1 train_bodies.csv")
	n := fs.Int("n", 3000, "number of generated training articles")
	seed := fs.Uint64("seed", 2, "generation seed")
	out := fs.String("out", "", "model file to write")
	sameActor := fs.Int("same-actor", 0, "number of generated training articles to add whose pasted sentences name the host's actors, from bodies of other claims that name them (see eval splice --same-actor; half of them spliced, generated with seed+1)")
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
	cases := genSplices(l, false, *n, *seed, 0)
	if *sameActor > 0 {
		cases = append(cases, genSplices(l, false, *sameActor, *seed+1, 1)...)
	}
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
	if *sameActor > 0 {
		flags += fmt.Sprintf(" --same-actor %d", *sameActor)
	}
	if *index {
		flags += " --index"
	}
	m.Trained = fmt.Sprintf("crosscheck train splice --data %s --n %d --seed %d%s --out %s (train claims only)", filepath.ToSlash(*data), *n, *seed, flags, filepath.Base(*out))
	if err := saveFile(*out, m.Save); err != nil {
		return err
	}
	fmt.Fprintf(e.Stdout, "wrote %s from %d sentences: version %d, threshold %.3f\n", *out, rows, m.Version, m.Threshold)
	return nil
}
