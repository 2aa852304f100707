// Package gen generates a synthetic, deterministic stream of news articles
// for load tests and benchmarks: events reported by several outlets, each
// outlet's article a copy, a light edit or a rewrite of the first report,
// published in time order. The texts are made from the word lists below;
// they read like news but describe nothing real.
//
// It exists so that throughput can be measured on any number of articles
// (the labelled data sets hold a few thousand) with stories of realistic
// size, and so that a benchmark run can be repeated exactly from its seed.
package gen

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"
)

// Record is one generated article in the JSON Lines input schema
// (docs/input.md).
type Record struct {
	ID        string `json:"id"`
	URL       string `json:"url"`
	Source    string `json:"source"`
	Title     string `json:"title"`
	Byline    string `json:"byline,omitempty"`
	Published string `json:"published"`
	Lang      string `json:"lang"`
	Text      string `json:"text"`
	// Event is the generated event the article reports: the gold story.
	// It is not part of the input schema.
	Event int `json:"-"`
}

// Options shape the stream. The zero value gives stories of 1 to 12
// articles, about one event starting every five articles.
type Options struct {
	Seed  uint64
	Start time.Time // publication time of the first article; default 2025-01-02 (a Thursday)
	// MaxPerEvent is the largest number of articles an event gets; default 12.
	MaxPerEvent int
}

// Generator produces articles one at a time, so that an endless stream
// costs no memory.
type Generator struct {
	rng    *rand.Rand
	opts   Options
	n      int
	now    time.Time
	open   []*event // events still being reported
	events int
}

type event struct {
	id        int
	kind      string
	place     string
	person    string
	role      string
	org       string
	number    int
	affected  string
	weekday   time.Weekday
	sentences []string // the first report's body sentences
	title     string
	left      int // articles still to come
}

// New returns a generator.
func New(opts Options) *Generator {
	if opts.Start.IsZero() {
		// Far enough back that a stream of a million articles (about 30 s
		// apart) ends before today: ingest rejects dates in the future.
		opts.Start = time.Date(2025, 1, 2, 6, 0, 0, 0, time.UTC)
	}
	if opts.MaxPerEvent <= 0 {
		opts.MaxPerEvent = 12
	}
	return &Generator{rng: rand.New(rand.NewPCG(opts.Seed, opts.Seed^0x9e3779b97f4a7c15)), opts: opts, now: opts.Start}
}

// Next returns the next article of the stream.
func (g *Generator) Next() Record {
	g.n++
	g.now = g.now.Add(time.Duration(5+g.rng.IntN(50)) * time.Second)
	// A new event when few are open, or now and then anyway.
	if len(g.open) < 3 || g.rng.IntN(5) == 0 {
		g.open = append(g.open, g.newEvent())
	}
	i := g.rng.IntN(len(g.open))
	ev := g.open[i]
	first := ev.left == -1
	if first {
		ev.left = 1 + g.rng.IntN(g.opts.MaxPerEvent)
	}
	ev.left--
	if ev.left <= 0 {
		g.open = append(g.open[:i], g.open[i+1:]...)
	}
	outlet := outlets[g.rng.IntN(len(outlets))]
	var body []string
	title := ev.title
	switch {
	case first:
		body = slices.Clone(ev.sentences)
	case g.rng.IntN(3) == 0: // wire copy, perhaps trimmed, with a credit line
		body = slices.Clone(ev.sentences[:len(ev.sentences)-g.rng.IntN(3)])
		body = append(body, fmt.Sprintf("%s contributed reporting.", g.pick(firstNames)+" "+g.pick(lastNames)))
	default: // a rewrite: reworded sentences, some dropped, one added
		title = g.rewordTitle(ev)
		for _, s := range ev.sentences {
			if g.rng.IntN(5) == 0 {
				continue
			}
			body = append(body, g.reword(s))
		}
		body = append(body, g.background(ev))
	}
	author := g.pick(firstNames) + " " + g.pick(lastNames)
	if !first && g.rng.IntN(2) == 0 {
		body = append(body, fmt.Sprintf("%s contributed reporting from %s.", g.pick(firstNames)+" "+g.pick(lastNames), ev.place))
	}
	var b strings.Builder
	for k, s := range body {
		if k > 0 {
			if k%3 == 0 {
				b.WriteString("\n\n")
			} else {
				b.WriteByte(' ')
			}
		}
		b.WriteString(s)
	}
	return Record{
		ID:        fmt.Sprintf("gen-%d", g.n),
		URL:       fmt.Sprintf("https://%s/news/%d-%s", outlet, g.n, slug(title)),
		Source:    outlet,
		Title:     title,
		Byline:    "By " + author,
		Published: g.now.Format(time.RFC3339),
		Lang:      "en",
		Text:      b.String(),
		Event:     ev.id,
	}
}

func (g *Generator) pick(list []string) string { return list[g.rng.IntN(len(list))] }

func (g *Generator) newEvent() *event {
	g.events++
	ev := &event{
		id:       g.events,
		kind:     g.pick(kinds),
		role:     g.pick(roles),
		org:      g.pick(orgPrefixes) + " " + g.pick(orgs),
		number:   2 + g.rng.IntN(400),
		affected: g.pick(affected),
		weekday:  g.now.Weekday(),
		left:     -1,
	}
	day := ev.weekday.String()
	// Each event has its own vocabulary, as real events do (the names,
	// places and things only its reports mention): words made of random
	// syllables, so that two events share them only by chance.
	w := make([]string, 10)
	for i := range w {
		w[i] = g.word()
	}
	ev.place = strings.ToUpper(w[0][:1]) + w[0][1:]
	ev.person = g.pick(firstNames) + " " + strings.ToUpper(w[1][:1]) + w[1][1:]
	ev.title = fmt.Sprintf("%s in %s: %d %s, %s says", capitalize(ev.kind), ev.place, ev.number, ev.affected, ev.org)
	ev.sentences = []string{
		fmt.Sprintf("A %s struck %s near the %s %s on %s, and at least %d %s were affected, the %s said.", ev.kind, ev.place, w[2], w[3], day, ev.number, ev.affected, ev.org),
		fmt.Sprintf("The %s of the %s had warned about the %s for %d months.", w[4], w[2], w[5], 2+g.rng.IntN(30)),
		fmt.Sprintf("“The %s %s will be %s until the %s is %s,” %s, the %s, told reporters in %s.", w[2], w[3], g.pick(states), w[8], w[9], ev.person, ev.role, ev.place),
		fmt.Sprintf("The %s began shortly after %d a.m. near the %s, according to witnesses.", ev.kind, 1+g.rng.IntN(11), g.pick(landmarks)),
		g.pick([]string{
			fmt.Sprintf("Officials said %d %s had been sent to the %s and that the %s remained %s.", 3+g.rng.IntN(60), g.pick(crews), w[7], g.pick(landmarks), g.pick(states)),
			fmt.Sprintf("By the evening %d %s were working at the %s %s.", 3+g.rng.IntN(60), g.pick(crews), w[7], w[3]),
			fmt.Sprintf("The %s stayed %s while %s inspected the %s.", g.pick(landmarks), g.pick(states), g.pick(crews), w[7]),
		}),
		g.pick([]string{
			fmt.Sprintf("%s said the %s would publish a full account of the %s within %d days.", lastName(ev.person), ev.org, w[5], 2+g.rng.IntN(20)),
			fmt.Sprintf("According to %s, an inquiry into the %s %s will start on %s.", lastName(ev.person), w[4], w[5], g.pick(weekdays)),
			fmt.Sprintf("%s promised that the %s would cover the cost of the %s.", lastName(ev.person), ev.org, w[9]),
		}),
		fmt.Sprintf("Residents of %s described %s at the %s as %s.", ev.place, g.pick(scenes), w[6], g.pick(adjectives)),
		fmt.Sprintf("The %s %s and the %s were expected to reopen next week.", w[3], w[7], w[4]),
		fmt.Sprintf("It was the %s such %s in the region since %d.", g.pick(ordinals), ev.kind, 1990+g.rng.IntN(35)),
	}
	return ev
}

// reword replaces some words of s by synonyms and reorders an attribution,
// the way a rewrite desk does.
func (g *Generator) reword(s string) string {
	words := strings.Fields(s)
	for i, w := range words {
		if syn, ok := synonyms[strings.ToLower(w)]; ok && g.rng.IntN(2) == 0 {
			words[i] = syn[g.rng.IntN(len(syn))]
		}
	}
	return strings.Join(words, " ")
}

func (g *Generator) rewordTitle(ev *event) string {
	return fmt.Sprintf("%s hits %s, %s reports %d %s", capitalize(ev.kind), ev.place, ev.org, ev.number, ev.affected)
}

// background is a sentence an outlet adds on its own.
func (g *Generator) background(ev *event) string {
	return fmt.Sprintf("%s has faced %s over its %s in recent years.", ev.place, g.pick(criticism), g.pick(topics))
}

// word returns a made-up word of two or three syllables.
func (g *Generator) word() string {
	n := 2 + g.rng.IntN(2)
	var b strings.Builder
	for i := 0; i < n; i++ {
		b.WriteString(syllables[g.rng.IntN(len(syllables))])
	}
	return b.String()
}

func lastName(p string) string { return p[strings.LastIndexByte(p, ' ')+1:] }

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
		if b.Len() > 60 {
			break
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}

var (
	syllables = []string{"ka", "lo", "mer", "vin", "sa", "tor", "bel", "ri", "dan", "ko", "mi", "sul", "ta", "ven",
		"gor", "li", "nam", "pe", "ras", "do", "fe", "hul", "ja", "kel", "mor", "nis", "po", "rek", "sto", "tu",
		"val", "wen", "zar", "bri", "cal", "dre", "fin", "gal", "har", "ilm"}
	outlets = []string{"dailyledger.example", "morningpost.example", "citywire.example", "thecourier.example",
		"northherald.example", "valleytimes.example", "newsdesk.example", "globalreport.example",
		"harbourgazette.example", "capitalnews.example", "eveningstar.example", "regionpress.example"}
	kinds = []string{"flood", "fire", "storm", "power cut", "landslide", "bridge collapse", "train derailment",
		"chemical leak", "water shortage", "strike", "cyber attack", "gas explosion", "heatwave", "earthquake"}
	firstNames = []string{"Ana", "Ben", "Carla", "Dmitri", "Elif", "Femi", "Greta", "Hugo", "Ines", "Jonas",
		"Kaito", "Lena", "Marek", "Nadia", "Omar", "Paula", "Quentin", "Rosa", "Sami", "Tara"}
	lastNames = []string{"Abbott", "Brandt", "Costa", "Dalton", "Eriksen", "Fischer", "Garcia", "Hale",
		"Ivanova", "Jensen", "Kowalski", "Lindqvist", "Moreau", "Novak", "Okafor", "Petrov", "Quinn",
		"Rossi", "Sato", "Tanaka", "Umarov", "Varga", "Weber", "Yilmaz"}
	roles       = []string{"mayor", "fire chief", "police spokesperson", "regional governor", "emergency coordinator", "health minister"}
	orgPrefixes = []string{"regional", "national", "municipal", "county", "state"}
	orgs        = []string{"emergency service", "fire brigade", "police department", "water authority", "transport agency", "health office"}
	affected    = []string{"people", "households", "homes", "businesses", "passengers", "families"}
	landmarks   = []string{"main station", "river crossing", "town hall", "industrial park", "central market", "harbour", "ring road"}
	weekdays    = []string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday"}
	crews       = []string{"fire crews", "ambulances", "engineers", "rescue teams", "police units"}
	states      = []string{"closed", "under watch", "partly open", "cordoned off"}
	scenes      = []string{"the scene", "the morning", "the damage", "the evacuation"}
	adjectives  = []string{"chaotic", "frightening", "calm but tense", "unlike anything before"}
	ordinals    = []string{"second", "third", "worst", "largest"}
	criticism   = []string{"criticism", "protests", "questions", "complaints"}
	topics      = []string{"infrastructure spending", "emergency planning", "housing policy", "budget cuts"}
	synonyms    = map[string][]string{
		"said":      {"stated", "confirmed", "reported"},
		"struck":    {"hit", "swept through"},
		"affected":  {"hit", "impacted"},
		"officials": {"authorities", "local officials"},
		"began":     {"started", "broke out"},
		"shortly":   {"soon"},
		"residents": {"locals", "inhabitants"},
		"described": {"called"},
		"publish":   {"release", "issue"},
		"full":      {"complete", "detailed"},
		"area":      {"region", "scene"},
		"remained":  {"stayed", "was still"},
		"told":      {"informed"},
	}
)
