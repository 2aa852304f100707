package credibility

import (
	"bytes"
	_ "embed"
	"fmt"
	"io"
	"math"
	"sort"
	"strings"
	"sync"
	"unicode"

	"github.com/crosscheck-news/crosscheck/internal/learn"
	"github.com/crosscheck-news/crosscheck/internal/news"
	"github.com/crosscheck-news/crosscheck/internal/text"
)

// SignalWritingStyle is the type of the writing-style signal. It is not
// about corroboration, so it is listed after news.SignalTypes.
const SignalWritingStyle = "writing_style"

// StyleFeature is one interpretable measure of an article's writing, with
// the spans of the text it counted when it counts words or marks.
type StyleFeature struct {
	Name  string
	Value float64
	Spans []news.Span
}

// styleFeatureNames lists the dense features in model order. A model file
// records them, so a build with other features refuses an old model.
var styleFeatureNames = []string{
	"title_words", "title_capitalised_share", "title_allcaps_words", "title_exclamation", "title_question", "title_number",
	"log_words", "allcaps_words_per_100", "exclamations_per_sentence", "questions_per_sentence",
	"type_token_ratio", "mean_word_length", "mean_sentence_length", "long_word_share", "reading_grade",
	"first_person_singular_per_100", "first_person_plural_per_100", "second_person_per_100",
	"superlatives_per_100", "hedges_per_100", "subjective_words_per_100", "negations_per_100",
	"quotes_per_100", "attributions_per_100", "numbers_per_100", "capitalised_share", "stop_word_share",
	"web_words_per_100", "paragraph_length",
}

// StyleFeatureNames returns the names of the dense style features, in order.
func StyleFeatureNames() []string { return append([]string(nil), styleFeatureNames...) }

// Word lists. They are ours, chosen by the cue families Horne & Adalı
// (2017) and Pérez-Rosas et al. (2018) report as telling fake from real
// news: personal pronouns, superlatives, hedges, subjective and emotional
// words, attribution, and calls to click or share.
var (
	wordsFirstSingular = set("i me my mine myself i'm i've i'd i'll")
	wordsFirstPlural   = set("we us our ours ourselves we're we've we'll")
	wordsSecond        = set("you your yours yourself yourselves you're you've you'll")
	wordsSuperlative   = set(`best worst greatest biggest largest most least highest lowest strongest weakest
		richest poorest smartest dumbest craziest worst-ever ever absolute absolutely totally completely utterly
		unprecedented massive huge tremendous`)
	wordsHedge = set(`may might could perhaps possibly probably apparently allegedly reportedly seemingly seems seem
		seemed likely unlikely suggest suggests suggested suspect rumor rumors rumour rumours claim claims claimed
		supposedly unconfirmed maybe believe believed`)
	wordsSubjective = set(`shocking shocked outrageous outraged disgusting disgraceful amazing incredible unbelievable
		horrible terrible awful insane crazy ridiculous stupid idiot idiots pathetic disaster disastrous destroy destroys
		destroyed slams slammed blasts blasted epic evil corrupt corruption liar liars lie lies lying fake hoax treason
		traitor scandal bombshell exposed furious hilarious brutal sick wow omg breaking`)
	wordsNegation    = set("not no never nothing nobody none neither nor cannot can't don't doesn't didn't isn't wasn't won't")
	wordsAttribution = set("said says told stated announced according reported explained added confirmed")
	wordsWeb         = set(`click share subscribe like follow facebook twitter youtube instagram video watch comment
		comments http https www com read`)
)

func set(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// quoteMarks appends the spans of the double quotation marks of s (" “ ”)
// to spans. In UTF-8 the bytes of “ and ” begin no other character and
// continue none.
func quoteMarks(s string, spans []news.Span) []news.Span {
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '"':
			spans = append(spans, news.Span{Start: i, End: i + 1})
		case s[i] == 0xe2 && i+2 < len(s) && s[i+1] == 0x80 && (s[i+2] == 0x9c || s[i+2] == 0x9d):
			spans = append(spans, news.Span{Start: i, End: i + 3})
			i += 2
		}
	}
	return spans
}

// StyleFeatures measures an article's title and text. Rates are per 100
// words or per sentence, so that length alone does not decide; spans are
// byte offsets into a.Text.
func StyleFeatures(a *news.Article) []StyleFeature {
	f := make([]StyleFeature, len(styleFeatureNames))
	for i, n := range styleFeatureNames {
		f[i].Name = n
	}
	get := func(name string) *StyleFeature {
		for i := range f {
			if f[i].Name == name {
				return &f[i]
			}
		}
		panic("credibility: unknown style feature " + name)
	}
	// Title.
	tt := text.Tokenize(a.Title)
	get("title_words").Value = float64(len(tt))
	if len(tt) > 0 {
		var caps, shout float64
		for _, t := range tt {
			if !t.Number && isUpper(t.Text) {
				caps++
			}
			if allCaps(t.Text) {
				shout++
			}
		}
		get("title_capitalised_share").Value = caps / float64(len(tt))
		get("title_allcaps_words").Value = shout
	}
	get("title_exclamation").Value = b01(strings.Contains(a.Title, "!"))
	get("title_question").Value = b01(strings.Contains(a.Title, "?"))
	get("title_number").Value = b01(strings.IndexFunc(a.Title, unicode.IsDigit) >= 0)

	// Body.
	toks := text.Tokenize(a.Text)
	nw := float64(max(1, len(toks)))
	per100 := func(n int) float64 { return 100 * float64(n) / nw }
	get("log_words").Value = math.Log1p(float64(len(toks)))
	sents := a.Sentences
	if len(sents) == 0 {
		sents = text.Sentences(a.Text)
	}
	ns := float64(max(1, len(sents)))
	count := func(name string, words map[string]bool) {
		ft := get(name)
		n := 0
		for _, t := range toks {
			if words[t.Lower] {
				n++
				ft.Spans = append(ft.Spans, t.Span)
			}
		}
		ft.Value = per100(n)
	}
	count("first_person_singular_per_100", wordsFirstSingular)
	count("first_person_plural_per_100", wordsFirstPlural)
	count("second_person_per_100", wordsSecond)
	count("superlatives_per_100", wordsSuperlative)
	count("hedges_per_100", wordsHedge)
	count("subjective_words_per_100", wordsSubjective)
	count("negations_per_100", wordsNegation)
	count("attributions_per_100", wordsAttribution)
	count("web_words_per_100", wordsWeb)

	shout := get("allcaps_words_per_100")
	var letters, long, syll, caps, stop, nums, alpha int
	seen := make(map[string]bool, min(200, len(toks)))
	distinct := 0
	for i, t := range toks {
		if t.Number {
			nums++
			continue
		}
		alpha++
		if allCaps(t.Text) && len(t.Text) >= 4 {
			shout.Spans = append(shout.Spans, t.Span)
		}
		n := len([]rune(t.Lower))
		letters += n
		if n >= 7 {
			long++
		}
		syll += syllables(t.Lower)
		if i > 0 && isUpper(t.Text) {
			caps++
		}
		if text.IsStopWord(t.Lower) {
			stop++
		}
		if i < 200 && !seen[t.Lower] {
			seen[t.Lower] = true
			distinct++
		}
	}
	shout.Value = per100(len(shout.Spans))
	na := float64(max(1, alpha))
	get("numbers_per_100").Value = per100(nums)
	get("type_token_ratio").Value = float64(distinct) / float64(max(1, min(200, len(toks))))
	get("mean_word_length").Value = float64(letters) / na
	get("long_word_share").Value = float64(long) / na
	get("capitalised_share").Value = float64(caps) / na
	get("stop_word_share").Value = float64(stop) / na
	get("mean_sentence_length").Value = nw / ns
	// Flesch–Kincaid grade with a vowel-group syllable count.
	get("reading_grade").Value = 0.39*nw/ns + 11.8*float64(syll)/na - 15.59

	marks := func(name string, r byte) {
		ft := get(name)
		for i := 0; i < len(a.Text); i++ {
			if a.Text[i] == r {
				ft.Spans = append(ft.Spans, news.Span{Start: i, End: i + 1})
			}
		}
		ft.Value = float64(len(ft.Spans)) / ns
	}
	marks("exclamations_per_sentence", '!')
	marks("questions_per_sentence", '?')
	q := get("quotes_per_100")
	q.Spans = quoteMarks(a.Text, q.Spans)
	q.Value = per100(len(q.Spans) / 2)
	paras := text.Paragraphs(a.Text)
	get("paragraph_length").Value = nw / float64(max(1, len(paras)))
	return f
}

func b01(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// allCaps says whether a word has two or more letters, all upper-case.
func allCaps(s string) bool {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			if !unicode.IsUpper(r) {
				return false
			}
			n++
		}
	}
	return n >= 2
}

// syllables counts vowel groups, at least one a word.
func syllables(w string) int {
	n, prev := 0, false
	for _, r := range w {
		v := strings.ContainsRune("aeiouy", r)
		if v && !prev {
			n++
		}
		prev = v
	}
	if strings.HasSuffix(w, "e") && n > 1 {
		n--
	}
	return max(1, n)
}

// styleTerms returns the article's word features for the hashed model:
// title words ("t:"), body words ("w:") and body bigrams ("b:"), each once,
// with the span of its first occurrence in a.Text (empty for title words).
func styleTerms(a *news.Article) ([]string, []news.Span) {
	title, toks := text.Tokenize(a.Title), text.Tokenize(a.Text)
	n := len(title) + len(toks)
	terms, spans := make([]string, 0, n), make([]news.Span, 0, n)
	seen := make(map[string]struct{}, n)
	// Each term is written in buf and becomes a string only when new.
	var buf []byte
	add := func(sp news.Span) {
		if _, ok := seen[string(buf)]; !ok {
			t := string(buf)
			seen[t] = struct{}{}
			terms, spans = append(terms, t), append(spans, sp)
		}
	}
	for _, t := range title {
		buf = append(append(buf[:0], "t:"...), t.Lower...)
		add(news.Span{})
	}
	for i, t := range toks {
		if t.Number {
			continue
		}
		buf = append(append(buf[:0], "w:"...), t.Lower...)
		add(t.Span)
		if i > 0 && !toks[i-1].Number {
			buf = append(append(append(append(buf[:0], "b:"...), toks[i-1].Lower...), ' '), t.Lower...)
			add(news.Span{Start: toks[i-1].Span.Start, End: t.Span.End})
		}
	}
	return terms, spans
}

// StyleParams are the training settings of a style model.
type StyleParams struct {
	// Words adds hashed title words, body words and body bigrams to the
	// dense features.
	Words bool
	// MinDocs drops word features found in fewer training articles.
	MinDocs int
	Bits    uint8
	Linear  learn.LinearParams
}

// DefaultStyleParams are the settings the shipped model is trained with,
// chosen by cross-validation on the training corpora.
var DefaultStyleParams = StyleParams{Words: true, MinDocs: 3, Bits: 18,
	Linear: learn.LinearParams{Epochs: 20, Rate: 0.05, L2: 1e-4, Seed: 1}}

// StyleModel is a logistic model of "reads like the fake articles" over
// standardized style features and, optionally, hashed word features.
type StyleModel struct {
	Words   bool
	Mean    []float64
	Std     []float64
	Lin     *learn.Linear
	Trained string
}

// styleZ bounds a standardized feature, so that one freak value cannot
// decide alone.
const styleZ = 4

// StyleRow is one article's model input, kept with what the explanation
// needs.
type StyleRow struct {
	Dense []StyleFeature
	// NoTitle marks an article without a headline: its title features
	// are then left neutral rather than read as a very short title.
	NoTitle   bool
	Terms     []string
	TermSpans []news.Span
}

// NewStyleRow measures an article once, for training or scoring.
func NewStyleRow(a *news.Article, words bool) StyleRow {
	r := StyleRow{Dense: StyleFeatures(a), NoTitle: strings.TrimSpace(a.Title) == ""}
	if words {
		r.Terms, r.TermSpans = styleTerms(a)
	}
	return r
}

type contrib struct {
	word   bool // a word feature, not a dense one
	label  string
	value  float64 // the raw feature value (1 for a word)
	weight float64 // contribution to the margin
	spans  []news.Span
}

// sparse returns the model's input for r, keeping only the terms keep
// accepts (nil: all), and when explain is set what each feature of it is.
func (m *StyleModel) sparse(r StyleRow, keep func(string) bool, explain bool) (learn.Sparse, []contrib) {
	n := len(r.Dense)
	if m.Words {
		n += len(r.Terms)
	}
	x := make(learn.Sparse, 0, n)
	var cs []contrib
	if explain {
		cs = make([]contrib, 0, n)
	}
	for i, f := range r.Dense {
		z := 0.0
		if r.NoTitle && strings.HasPrefix(f.Name, "title_") {
			continue
		}
		if m.Std[i] > 0 {
			z = math.Max(-styleZ, math.Min(styleZ, (f.Value-m.Mean[i])/m.Std[i]))
		}
		idx := learn.Hash("f:"+f.Name, m.bits())
		x = append(x, learn.Feature{Index: idx, Value: float32(z)})
		if explain {
			cs = append(cs, contrib{label: f.Name, value: f.Value, weight: z, spans: f.Spans})
		}
	}
	if m.Words && len(r.Terms) > 0 {
		v := float32(1 / math.Sqrt(float64(len(r.Terms))))
		for i, t := range r.Terms {
			if keep != nil && !keep(t) {
				continue
			}
			x = append(x, learn.Feature{Index: learn.Hash(t, m.bits()), Value: v})
			if !explain {
				continue
			}
			var sp []news.Span
			if r.TermSpans[i].End > 0 {
				sp = r.TermSpans[i : i+1 : i+1]
			}
			cs = append(cs, contrib{word: true, label: t, value: 1, weight: float64(v), spans: sp})
		}
	}
	return x, cs
}

func (m *StyleModel) bits() uint8 {
	if m.Lin != nil {
		return m.Lin.Bits
	}
	return DefaultStyleParams.Bits
}

// Margin returns the log-odds that the article's writing is that of the
// fake articles the model was trained on.
func (m *StyleModel) Margin(r StyleRow) float64 {
	x, _ := m.sparse(r, nil, false)
	return m.Lin.Margin(x)
}

// Prob returns the model's probability that the writing is fake-like.
func (m *StyleModel) Prob(r StyleRow) float64 { return 1 / (1 + math.Exp(-m.Margin(r))) }

// TrainStyle fits a style model on labelled rows (true: fake). It is
// deterministic for given rows and params.
func TrainStyle(rows []StyleRow, fake []bool, p StyleParams) (*StyleModel, error) {
	if len(rows) == 0 || len(rows) != len(fake) {
		return nil, fmt.Errorf("train style: %d rows and %d labels", len(rows), len(fake))
	}
	d := len(styleFeatureNames)
	m := &StyleModel{Words: p.Words, Mean: make([]float64, d), Std: make([]float64, d)}
	for _, r := range rows {
		if len(r.Dense) != d {
			return nil, fmt.Errorf("train style: row with %d features, want %d", len(r.Dense), d)
		}
		for i, f := range r.Dense {
			m.Mean[i] += f.Value
		}
	}
	n := float64(len(rows))
	for i := range m.Mean {
		m.Mean[i] /= n
	}
	for _, r := range rows {
		for i, f := range r.Dense {
			m.Std[i] += (f.Value - m.Mean[i]) * (f.Value - m.Mean[i])
		}
	}
	for i := range m.Std {
		m.Std[i] = math.Sqrt(m.Std[i] / n)
	}
	var keep func(string) bool
	if p.Words {
		df := map[string]int{}
		for _, r := range rows {
			for _, t := range r.Terms {
				df[t]++
			}
		}
		keep = func(t string) bool { return df[t] >= p.MinDocs }
	}
	xs := make([]learn.Sparse, len(rows))
	m.Lin = &learn.Linear{Bits: p.Bits}
	for i, r := range rows {
		xs[i], _ = m.sparse(r, keep, false)
	}
	lin, err := learn.TrainLinear(xs, fake, p.Bits, p.Linear)
	if err != nil {
		return nil, fmt.Errorf("train style: %w", err)
	}
	m.Lin = lin
	return m, nil
}

const (
	styleMagic   = "XCSTYLE1"
	styleVersion = 1
)

// Save writes the model in the checksummed learn file format.
func (m *StyleModel) Save(w io.Writer) error {
	var e learn.Encoder
	e.String(m.Trained)
	e.Uint(uint64(b01int(m.Words)))
	e.Strings(styleFeatureNames)
	for i := range styleFeatureNames {
		e.Float64(m.Mean[i])
		e.Float64(m.Std[i])
	}
	m.Lin.Encode(&e)
	return learn.WriteFile(w, styleMagic, styleVersion, e.Buf)
}

func b01int(b bool) int {
	if b {
		return 1
	}
	return 0
}

// LoadStyleModel reads a style model file. A damaged file, or one made for
// other features than this build measures, is an error that says so.
func LoadStyleModel(r io.Reader) (*StyleModel, error) {
	payload, err := learn.ReadFile(r, styleMagic, styleVersion)
	if err != nil {
		return nil, fmt.Errorf("style model: %w", err)
	}
	d := learn.NewDecoder(payload)
	m := &StyleModel{Trained: d.String(), Words: d.Uint() == 1}
	names := d.Strings()
	if d.Err() == nil && strings.Join(names, ",") != strings.Join(styleFeatureNames, ",") {
		return nil, fmt.Errorf("style model: %w: features %v, this build measures %v", learn.ErrCorrupt, names, styleFeatureNames)
	}
	for range names {
		m.Mean = append(m.Mean, d.Float64())
		m.Std = append(m.Std, d.Float64())
	}
	if d.Err() != nil {
		return nil, fmt.Errorf("style model: %w", d.Err())
	}
	if m.Lin, err = learn.DecodeLinear(d); err != nil {
		return nil, fmt.Errorf("style model: %w", err)
	}
	if err := d.Done(); err != nil {
		return nil, fmt.Errorf("style model: %w", err)
	}
	return m, nil
}

//go:embed style.model
var defaultStyle []byte

var (
	styleOnce sync.Once
	styleM    *StyleModel
)

// DefaultStyleModel returns the shipped model (style.model).
func DefaultStyleModel() *StyleModel {
	styleOnce.Do(func() {
		m, err := LoadStyleModel(bytes.NewReader(defaultStyle))
		if err != nil {
			panic("credibility: shipped style.model: " + err.Error())
		}
		styleM = m
	})
	return styleM
}

// StyleEvidence is one feature's part in a style judgement.
type StyleEvidence struct {
	// Feature is a dense feature name, or "vocabulary (…)": the summed
	// push of the hashed words and bigrams, named by the strongest three.
	Feature string
	// Value is the feature's measured value (1 for a word).
	Value float64
	// Push is its contribution to the log-odds of fake-like writing.
	Push  float64
	Spans []news.Span
}

// Explain returns the model's probability and the features that pushed it
// most in the direction of its verdict, strongest first.
func (m *StyleModel) Explain(r StyleRow, top int) (float64, []StyleEvidence) {
	x, cs := m.sparse(r, nil, true)
	p := m.Lin.Prob(x)
	sign := 1.0
	if p < 0.5 {
		sign = -1
	}
	var ev []StyleEvidence
	// words holds the (at most 3) words that pushed most toward the
	// verdict, strongest first and, among equals, first found.
	var words [3]struct {
		c    int
		push float64
	}
	nwords := 0
	var wordPush float64
	for i, c := range cs {
		push := float64(m.Lin.W[x[i].Index]) * c.weight
		if c.word {
			// Words count as one piece of evidence, their summed push,
			// shown by the words that pushed most toward the verdict.
			wordPush += push
			if push*sign > 0 {
				k := nwords
				for k > 0 && math.Abs(push) > math.Abs(words[k-1].push) {
					k--
				}
				if k < len(words) {
					copy(words[k+1:], words[k:])
					words[k].c, words[k].push = i, push
					nwords = min(nwords+1, len(words))
				}
			}
			continue
		}
		if push*sign <= 0 {
			continue
		}
		ev = append(ev, StyleEvidence{Feature: c.label, Value: c.value, Push: push, Spans: c.spans})
	}
	if wordPush*sign > 0 && nwords > 0 {
		var names []string
		var spans []news.Span
		for _, w := range words[:nwords] {
			names = append(names, termLabel(cs[w.c].label))
			spans = append(spans, cs[w.c].spans...)
		}
		ev = append(ev, StyleEvidence{Feature: "vocabulary (" + strings.Join(names, ", ") + ")", Value: float64(nwords), Push: wordPush, Spans: spans})
	}
	sort.SliceStable(ev, func(i, j int) bool { return math.Abs(ev[i].Push) > math.Abs(ev[j].Push) })
	if len(ev) > top {
		ev = ev[:top]
	}
	return p, ev
}

func termLabel(t string) string {
	kind, w, _ := strings.Cut(t, ":")
	switch kind {
	case "t":
		return fmt.Sprintf("title word %q", w)
	case "b":
		return fmt.Sprintf("phrase %q", w)
	}
	return fmt.Sprintf("word %q", w)
}

// maxStyleSpans caps the evidence spans a style signal lists.
const maxStyleSpans = 20

// style reports how much the article's writing resembles that of the fake
// articles of the labelled corpora, with the features that decided.
func (as *Assessor) style(in Input) *news.Signal {
	if as.Style == nil {
		return nil
	}
	return as.Cache.styleOf(in.Article, as.judgeStyle)
}

// judgeStyle returns the style signal of a, which depends on its text,
// title and sentences alone.
func (as *Assessor) judgeStyle(a *news.Article) *news.Signal {
	if len(strings.Fields(a.Text)) < 50 {
		return nil
	}
	r := NewStyleRow(a, as.Style.Words)
	p, ev := as.Style.Explain(r, 4)
	var parts []string
	var spans []news.Span
	for _, e := range ev {
		if strings.HasPrefix(e.Feature, "vocabulary") {
			parts = append(parts, e.Feature)
		} else {
			parts = append(parts, fmt.Sprintf("%s %s", featureLabel(e.Feature), trimFloat(e.Value)))
		}
		for _, s := range e.Spans {
			if len(spans) < maxStyleSpans {
				spans = append(spans, s)
			}
		}
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].Start < spans[j].Start })
	sev := news.SeverityInfo
	switch {
	case p >= 0.85:
		sev = news.SeverityMedium
	case p >= 0.65:
		sev = news.SeverityLow
	}
	like := "fake"
	if p < 0.5 {
		like = "real"
	}
	expl := fmt.Sprintf("Its writing style reads like the %s articles of the labelled corpora (%.2f fake-like)", like, p)
	if len(parts) > 0 {
		expl += ", mostly for its " + strings.Join(parts, "; ")
	}
	return &news.Signal{Type: SignalWritingStyle, Severity: sev, Spans: merge(spans),
		Value:       math.Max(0, 2*p-1),
		Explanation: expl + "."}
}

// featureLabel writes a feature name for people.
func featureLabel(name string) string {
	name = strings.Replace(name, "_per_100", " per 100 words", 1)
	name = strings.Replace(name, "_per_sentence", " per sentence", 1)
	name = strings.Replace(name, "log_words", "log word count", 1)
	return strings.ReplaceAll(name, "_", " ")
}

func trimFloat(v float64) string {
	s := fmt.Sprintf("%.2f", v)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	if s == "" || s == "-" {
		return "0"
	}
	return s
}
