package credibility

import (
	"bytes"
	_ "embed"
	"fmt"
	"io"
	"math"
	"math/bits"
	"sort"
	"strings"
	"sync"
	"unicode"

	"github.com/crosscheck-news/crosscheck/internal/learn"
	"github.com/crosscheck-news/crosscheck/internal/news"
	"github.com/crosscheck-news/crosscheck/internal/text"
	"github.com/zeebo/xxh3"
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

// wordListFeatures names the features that count the words of a list, in
// the order of the lists in wordLists.
var wordListFeatures = [...]string{
	"first_person_singular_per_100", "first_person_plural_per_100", "second_person_per_100",
	"superlatives_per_100", "hedges_per_100", "subjective_words_per_100", "negations_per_100",
	"attributions_per_100", "web_words_per_100",
}

// wordLists maps a word to the lists of wordListFeatures that hold it, as
// bits.
var wordLists = func() map[string]uint16 {
	m := map[string]uint16{}
	for k, l := range []map[string]bool{wordsFirstSingular, wordsFirstPlural, wordsSecond, wordsSuperlative,
		wordsHedge, wordsSubjective, wordsNegation, wordsAttribution, wordsWeb} {
		for w := range l {
			m[w] |= 1 << k
		}
	}
	return m
}()

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
	return styleFeatures(a, text.Tokenize(a.Title), text.Tokenize(a.Text))
}

// styleFeatures is StyleFeatures of an article whose title and text are
// tokenized (tt, toks).
func styleFeatures(a *news.Article, tt, toks []text.Token) []StyleFeature {
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
	nw := float64(max(1, len(toks)))
	per100 := func(n int) float64 { return 100 * float64(n) / nw }
	get("log_words").Value = math.Log1p(float64(len(toks)))
	sents := a.Sentences
	if len(sents) == 0 {
		sents = text.Sentences(a.Text)
	}
	ns := float64(max(1, len(sents)))
	// Word-list counts, every list in one pass: wordLists maps a word
	// to the lists that hold it.
	var listed [len(wordListFeatures)]*StyleFeature
	for k, name := range wordListFeatures {
		listed[k] = get(name)
	}
	for _, t := range toks {
		for in := wordLists[t.Lower]; in != 0; in &= in - 1 {
			ft := listed[bits.TrailingZeros16(in)]
			ft.Spans = append(ft.Spans, t.Span)
		}
	}
	for _, ft := range listed {
		ft.Value = per100(len(ft.Spans))
	}

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
		v := r == 'a' || r == 'e' || r == 'i' || r == 'o' || r == 'u' || r == 'y'
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
	x := styleText{title: text.Tokenize(a.Title), toks: text.Tokenize(a.Text)}
	n := x.maxTerms()
	terms, spans := make([]string, 0, n), make([]news.Span, 0, n)
	var buf []byte
	eachStyleTerm(x.title, x.toks, func(t styleTerm, sp news.Span) {
		buf = x.appendName(buf[:0], t)
		terms, spans = append(terms, string(buf)), append(spans, sp)
	})
	return terms, spans
}

// styleTerm is a word feature of the hashed model: title word i (kind
// 't'), body word i ('w') or the bigram of body words i-1 and i ('b').
type styleTerm struct {
	kind byte
	i    int32
}

// styleText is an article's title and text, tokenized; styleTerms index
// them.
type styleText struct{ title, toks []text.Token }

// maxTerms bounds the number of word features: every title word, body
// word and bigram once.
func (x *styleText) maxTerms() int { return len(x.title) + 2*len(x.toks) }

// appendName appends the name of t ("t:word", "w:word", "b:word word").
func (x *styleText) appendName(buf []byte, t styleTerm) []byte {
	switch t.kind {
	case 't':
		return append(append(buf, "t:"...), x.title[t.i].Lower...)
	case 'w':
		return append(append(buf, "w:"...), x.toks[t.i].Lower...)
	}
	return append(append(append(append(buf, "b:"...), x.toks[t.i-1].Lower...), ' '), x.toks[t.i].Lower...)
}

// eachStyleTerm calls fn with the word features of a title and a text
// (tokenized), each once, in order, with the span of its first occurrence
// in the text. Terms are told apart by their words: a token holds no
// space, so two bigrams have the same name exactly when their words are
// the same.
func eachStyleTerm(title, toks []text.Token, fn func(styleTerm, news.Span)) {
	seen := styleSeenPool.Get().(*styleSeen)
	defer seen.release()
	for i, t := range title {
		if _, ok := seen.title[t.Lower]; !ok {
			seen.title[t.Lower] = struct{}{}
			fn(styleTerm{kind: 't', i: int32(i)}, news.Span{})
		}
	}
	// Body words are numbered as they come; a bigram is the pair of its
	// words' numbers.
	var prev uint32
	for i, t := range toks {
		if t.Number {
			continue
		}
		id, ok := seen.words[t.Lower]
		if !ok {
			id = uint32(len(seen.words))
			seen.words[t.Lower] = id
			fn(styleTerm{kind: 'w', i: int32(i)}, t.Span)
		}
		if i > 0 && !toks[i-1].Number {
			k := uint64(prev)<<32 | uint64(id)
			if _, ok := seen.bigrams[k]; !ok {
				seen.bigrams[k] = struct{}{}
				fn(styleTerm{kind: 'b', i: int32(i)}, news.Span{Start: toks[i-1].Span.Start, End: t.Span.End})
			}
		}
		prev = id
	}
}

// styleSeen holds eachStyleTerm's sets, recycled from one article to the
// next.
type styleSeen struct {
	title   map[string]struct{}
	words   map[string]uint32
	bigrams map[uint64]struct{}
}

var styleSeenPool = sync.Pool{New: func() any {
	return &styleSeen{title: map[string]struct{}{}, words: map[string]uint32{}, bigrams: map[uint64]struct{}{}}
}}

func (s *styleSeen) release() {
	clear(s.title)
	clear(s.words)
	clear(s.bigrams)
	styleSeenPool.Put(s)
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
	// terms, set instead of Terms by scoreRow, are the word features
	// unnamed (of text): scoring needs their hashes alone, Explain the
	// names of three of them.
	terms []styleTerm
	text  styleText
}

// scoreRow is NewStyleRow for scoring: the text is tokenized once and the
// word features are hashed without naming each.
func scoreRow(a *news.Article, words bool) StyleRow {
	x := styleText{title: text.Tokenize(a.Title), toks: text.Tokenize(a.Text)}
	r := StyleRow{Dense: styleFeatures(a, x.title, x.toks), NoTitle: strings.TrimSpace(a.Title) == ""}
	if words {
		n := x.maxTerms()
		r.terms, r.TermSpans, r.text = make([]styleTerm, 0, n), make([]news.Span, 0, n), x
		eachStyleTerm(x.title, x.toks, func(t styleTerm, sp news.Span) {
			r.terms, r.TermSpans = append(r.terms, t), append(r.TermSpans, sp)
		})
	}
	return r
}

// numTerms returns the number of word features of r.
func (r *StyleRow) numTerms() int {
	if r.terms != nil {
		return len(r.terms)
	}
	return len(r.Terms)
}

// termName returns the name of word feature i of r.
func (r *StyleRow) termName(i int) string {
	if r.terms != nil {
		return string(r.text.appendName(nil, r.terms[i]))
	}
	return r.Terms[i]
}

// NewStyleRow measures an article once, for training or scoring.
func NewStyleRow(a *news.Article, words bool) StyleRow {
	r := StyleRow{Dense: StyleFeatures(a), NoTitle: strings.TrimSpace(a.Title) == ""}
	if words {
		r.Terms, r.TermSpans = styleTerms(a)
	}
	return r
}

// contrib is what a dense feature of a row is.
type contrib struct {
	label  string
	value  float64 // the raw feature value
	weight float64 // its standardized value
	spans  []news.Span
}

// sparse returns the model's input for r, keeping only the terms keep
// accepts (nil: all), and when explain is set what each of its dense
// features is (its word features follow them in x, in the order of the
// terms, when keep is nil).
func (m *StyleModel) sparse(r StyleRow, keep func(string) bool, explain bool) (learn.Sparse, []contrib) {
	n := len(r.Dense)
	if m.Words {
		n += r.numTerms()
	}
	x := make(learn.Sparse, 0, n)
	var cs []contrib
	if explain {
		cs = make([]contrib, 0, len(r.Dense))
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
	if nt := r.numTerms(); m.Words && nt > 0 {
		v := float32(1 / math.Sqrt(float64(nt)))
		mask := uint64(1)<<m.bits() - 1
		var buf []byte
		for i := range nt {
			var idx uint32
			if r.terms != nil {
				// learn.Hash of the name, without making it a string.
				buf = r.text.appendName(buf[:0], r.terms[i])
				if keep != nil && !keep(string(buf)) {
					continue
				}
				idx = uint32(xxh3.Hash(buf) & mask)
			} else {
				t := r.Terms[i]
				if keep != nil && !keep(t) {
					continue
				}
				idx = learn.Hash(t, m.bits())
			}
			x = append(x, learn.Feature{Index: idx, Value: v})
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
		term int
		push float64
	}
	nwords := 0
	var wordPush float64
	for i, c := range cs {
		push := float64(m.Lin.W[x[i].Index]) * c.weight
		if push*sign <= 0 {
			continue
		}
		ev = append(ev, StyleEvidence{Feature: c.label, Value: c.value, Push: push, Spans: c.spans})
	}
	// The word features follow the dense ones. Words count as one piece
	// of evidence, their summed push, shown by the words that pushed most
	// toward the verdict.
	for k, f := range x[len(cs):] {
		push := float64(m.Lin.W[f.Index]) * float64(f.Value)
		wordPush += push
		if push*sign > 0 {
			j := nwords
			for j > 0 && math.Abs(push) > math.Abs(words[j-1].push) {
				j--
			}
			if j < len(words) {
				copy(words[j+1:], words[j:])
				words[j].term, words[j].push = k, push
				nwords = min(nwords+1, len(words))
			}
		}
	}
	if wordPush*sign > 0 && nwords > 0 {
		var names []string
		var spans []news.Span
		for _, w := range words[:nwords] {
			names = append(names, termLabel(r.termName(w.term)))
			if sp := r.TermSpans[w.term]; sp.End > 0 {
				spans = append(spans, sp)
			}
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
	if !fieldsAtLeast(a.Text, 50) {
		return nil
	}
	r := scoreRow(a, as.Style.Words)
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

// fieldsAtLeast reports whether len(strings.Fields(s)) >= n, counting no
// further than n.
func fieldsAtLeast(s string, n int) bool {
	count, in := 0, false
	for _, r := range s {
		if unicode.IsSpace(r) {
			in = false
			continue
		}
		if !in {
			if count++; count >= n {
				return true
			}
			in = true
		}
	}
	return count >= n
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
