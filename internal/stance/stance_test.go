package stance_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/crosscheck-news/crosscheck/internal/learn"
	"github.com/crosscheck-news/crosscheck/internal/news"
	"github.com/crosscheck-news/crosscheck/internal/shared"
	"github.com/crosscheck-news/crosscheck/internal/stance"
)

// Fictional claim–body pairs. The claim is about a giant squid; each body
// takes one stance toward it.
const squidClaim = "Giant squid found alive in Lake Geneva"

var squidBodies = map[string]string{
	stance.Agree: "A giant squid has been found alive in Lake Geneva, Swiss authorities confirmed on Monday.\n\n" +
		"The animal, nearly nine metres long, was spotted by fishermen near Lausanne. Biologists from the " +
		"University of Geneva confirmed the squid was alive and healthy. \"It is an extraordinary find,\" said " +
		"marine biologist Anna Keller.",
	stance.Disagree: "Reports that a giant squid was found alive in Lake Geneva are a hoax, Swiss authorities said on Monday.\n\n" +
		"The photo that went viral was fake, a digitally altered image of a squid from an aquarium in Japan. " +
		"\"There is no squid in Lake Geneva. Squid cannot live in fresh water,\" said biologist Anna Keller, who " +
		"debunked the story. Police denied that any animal had been found.",
	stance.Discuss: "Social media users claim that a giant squid was found in Lake Geneva, but the report has not been confirmed.\n\n" +
		"A photo circulating online reportedly shows the animal near Lausanne. Authorities have not commented, " +
		"and it is unclear whether the image is genuine. Some biologists say it would be possible if the squid " +
		"had been released.",
	stance.Unrelated: "The city council of Lyon approved a new budget for public transport on Tuesday.\n\n" +
		"The plan adds twelve tram lines and extends bus services to the suburbs. Mayor Pierre Duval said the " +
		"investment would reduce traffic by a third by 2030.",
}

func TestShippedModel(t *testing.T) {
	m, err := stance.Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range stance.Labels {
		body := squidBodies[want]
		t.Run(want, func(t *testing.T) {
			p := m.Predict(squidClaim, body)
			if p.Label != want {
				t.Errorf("label %q, want %q (probs %v)", p.Label, want, p.Probs)
			}
			var sum float64
			for _, v := range p.Probs {
				sum += v
			}
			if sum < 0.999 || sum > 1.001 {
				t.Errorf("probs %v sum to %v", p.Probs, sum)
			}
			if want == stance.Unrelated {
				if len(p.Evidence) != 0 {
					t.Errorf("unrelated body has evidence %v", p.Evidence)
				}
				return
			}
			if len(p.Evidence) == 0 {
				t.Fatal("no evidence for a related body")
			}
			for _, s := range p.Evidence {
				if !s.Valid(len(body)) || s.Len() == 0 {
					t.Fatalf("evidence span %v outside the body of %d bytes", s, len(body))
				}
			}
			if first := p.Evidence[0].Slice(body); !strings.Contains(strings.ToLower(first), "squid") {
				t.Errorf("first evidence %q does not mention the claim", first)
			}
		})
	}
	// A disagreeing body puts its refutation first.
	body := squidBodies[stance.Disagree]
	p := m.Predict(squidClaim, body)
	first := strings.ToLower(p.Evidence[0].Slice(body))
	if !strings.Contains(first, "hoax") && !strings.Contains(first, "no squid") && !strings.Contains(first, "fake") {
		t.Errorf("first evidence of the disagreeing body %q carries no refutation", first)
	}
}

func TestLoadCorrupt(t *testing.T) {
	var good bytes.Buffer
	m, err := stance.Default()
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Save(&good); err != nil {
		t.Fatal(err)
	}
	flipped := bytes.Clone(good.Bytes())
	flipped[len(flipped)/2] ^= 1
	var other bytes.Buffer
	learn.WriteFile(&other, "XCCLICKB", 1, []byte{1, 2, 3})
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"empty", nil, "wrong magic"},
		{"text file", []byte("agree,disagree\n"), "wrong magic"},
		{"clickbait model", other.Bytes(), "not a XCSTANCE model"},
		{"truncated", good.Bytes()[:good.Len()/3], "truncated"},
		{"flipped byte", flipped, "checksum"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := stance.Load(bytes.NewReader(tt.data))
			if err == nil {
				t.Fatal("Load accepted a corrupt file")
			}
			if !errors.Is(err, learn.ErrCorrupt) || news.ErrorCode(err) != news.EINVALID || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v (code %s), want EINVALID ErrCorrupt mentioning %q", err, news.ErrorCode(err), tt.want)
			}
			if !strings.Contains(err.Error(), "load stance model") {
				t.Errorf("err = %v, want it to say what was loading", err)
			}
		})
	}
	// The good bytes load and predict as the original.
	m2, err := stance.Load(bytes.NewReader(good.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range squidBodies {
		if got, want := m2.Predict(squidClaim, b), m.Predict(squidClaim, b); got.Label != want.Label || got.Probs != want.Probs {
			t.Fatalf("reloaded model predicts %v, original %v", got, want)
		}
	}
}

// synthetic writes fictional pairs over topics: for each topic a claim and
// bodies that confirm it, debunk it, or report it with hedges; unrelated
// pairs join a claim with another topic's body.
func synthetic(topics []topic) []stance.Example {
	var out []stance.Example
	for i, tp := range topics {
		bodies := map[string]string{
			stance.Agree: fmt.Sprintf("%s, officials confirmed on Monday. The %s was verified by independent experts in %s. "+
				"Photos released by the authorities show the %s clearly. Officials confirmed every detail of the account.", tp.claim, tp.thing, tp.place, tp.thing),
			stance.Disagree: fmt.Sprintf("The story that %s is a hoax. Officials in %s denied it and said the photos of the %s were fake. "+
				"Experts debunked the claim: there was no %s at all, and the report was false.", lowerFirst(tp.claim), tp.place, tp.thing, tp.thing),
			stance.Discuss: fmt.Sprintf("Some users claim that %s, but the report could not be verified. It is unclear whether the %s "+
				"is real. Reports say it may have been seen in %s, and officials have not commented yet.", lowerFirst(tp.claim), tp.thing, tp.place),
		}
		for _, l := range []string{stance.Agree, stance.Disagree, stance.Discuss} {
			out = append(out, stance.Example{Claim: tp.claim, Body: bodies[l], Label: l, BodyID: fmt.Sprintf("%d-%s", i, l)})
			other := topics[(i+1)%len(topics)]
			out = append(out, stance.Example{Claim: other.claim, Body: bodies[l], Label: stance.Unrelated, BodyID: fmt.Sprintf("%d-%s", i, l)})
		}
	}
	return out
}

type topic struct{ claim, thing, place string }

func lowerFirst(s string) string { return strings.ToLower(s[:1]) + s[1:] }

var topics = []topic{
	{"A white tiger escaped from the Vienna zoo", "tiger", "Vienna"},
	{"Farmers discover a golden meteorite in a wheat field", "meteorite", "Kansas"},
	{"A robot chef opened a restaurant in Osaka", "robot", "Osaka"},
	{"Divers found a sunken galleon near Cartagena", "galleon", "Cartagena"},
	{"A glacier collapse created a new lake in Patagonia", "lake", "Patagonia"},
	{"A rare pink dolphin was filmed in the Amazon river", "dolphin", "Manaus"},
	{"Engineers built a floating bridge across the fjord", "bridge", "Bergen"},
	{"A two-headed snake hatched at the reptile park", "snake", "Darwin"},
	{"Students launched a homemade satellite into orbit", "satellite", "Tartu"},
	{"A lost Roman mosaic was unearthed under a car park", "mosaic", "Leicester"},
	{"A giant pumpkin weighing a tonne won the fair", "pumpkin", "Ohio"},
	{"A parrot learned to order groceries online", "parrot", "Dublin"},
	{"A volcano erupted beneath the Antarctic ice", "volcano", "Antarctica"},
	{"Miners found a diamond the size of a fist", "diamond", "Botswana"},
}

func TestTrainLearnsTheObvious(t *testing.T) {
	train, test := synthetic(topics[:10]), synthetic(topics[10:])
	opts := stance.DefaultTrainOptions()
	opts.Related.Rounds, opts.Stance.Rounds = 30, 30
	opts.Related.MinHess, opts.Stance.MinHess = 0.1, 0.1
	opts.Related.RowSample, opts.Stance.RowSample = 1, 1
	for _, twoStage := range []bool{true, false} {
		t.Run(fmt.Sprintf("two-stage=%v", twoStage), func(t *testing.T) {
			opts.TwoStage = twoStage
			m, err := stance.Train(train, opts)
			if err != nil {
				t.Fatal(err)
			}
			ok := 0
			for _, ex := range test {
				p := m.Predict(ex.Claim, ex.Body)
				if p.Label == ex.Label {
					ok++
				} else {
					t.Logf("%s / %.40s…: got %s, want %s", ex.Claim, ex.Body, p.Label, ex.Label)
				}
			}
			if acc := float64(ok) / float64(len(test)); acc < 0.9 {
				t.Errorf("held-out accuracy %.2f on unseen topics, want >= 0.9", acc)
			}
		})
	}
}

func TestTrainDeterministic(t *testing.T) {
	opts := stance.DefaultTrainOptions()
	opts.Related.Rounds, opts.Stance.Rounds = 20, 20
	save := func() []byte {
		m, err := stance.Train(synthetic(topics), opts)
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := m.Save(&b); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	first := save()
	for range 3 {
		if !bytes.Equal(save(), first) {
			t.Fatal("training twice on the same pairs gave different model files")
		}
	}
}

func TestTrainErrors(t *testing.T) {
	tests := []struct {
		name  string
		pairs []stance.Example
		opts  stance.TrainOptions
		want  string
	}{
		{"no pairs", nil, stance.DefaultTrainOptions(), "no examples"},
		{"bad label", []stance.Example{{Claim: "a", Body: "b", Label: "maybe"}}, stance.DefaultTrainOptions(), `"maybe"`},
		{"bad drop", synthetic(topics[:2]), stance.TrainOptions{Drop: []string{"nope"}}, `no feature "nope"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := stance.Train(tt.pairs, tt.opts)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to mention %s", err, tt.want)
			}
		})
	}
}

func TestReadFNC1(t *testing.T) {
	bodies := "\ufeffBody ID,articleBody\n7,\"First line.\n\nA \"\"quoted\"\" word, and a comma.\"\n9,Second body\n"
	tests := []struct {
		name, stances string
		want          []stance.Example
		err           string
	}{
		{
			name:    "labelled",
			stances: "Headline,Body ID,Stance\nSquid seen,7,agree\n\"Tiger, loose\",9,unrelated\n",
			want: []stance.Example{
				{Claim: "Squid seen", Body: "First line.\n\nA \"quoted\" word, and a comma.", Label: "agree", BodyID: "7"},
				{Claim: "Tiger, loose", Body: "Second body", Label: "unrelated", BodyID: "9"},
			},
		},
		{
			name:    "unlabelled test file",
			stances: "Headline,Body ID\nSquid seen,9\n",
			want:    []stance.Example{{Claim: "Squid seen", Body: "Second body", BodyID: "9"}},
		},
		{name: "unknown body", stances: "Headline,Body ID,Stance\nX,8,agree\n", err: `Body ID "8"`},
		{name: "bad stance", stances: "Headline,Body ID,Stance\nX,7,maybe\n", err: `stance "maybe"`},
		{name: "no headline column", stances: "Title,Body ID,Stance\nX,7,agree\n", err: `no "Headline" column`},
		{name: "empty", stances: "", err: "empty file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := stance.ReadFNC1(strings.NewReader(bodies), strings.NewReader(tt.stances))
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want it to mention %s", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Fatalf("got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestScore(t *testing.T) {
	tests := []struct {
		name       string
		gold, pred []string
		score, max float64
	}{
		{"exact related", []string{"agree"}, []string{"agree"}, 1, 1},
		{"related, wrong stance", []string{"agree"}, []string{"discuss"}, 0.25, 1},
		{"related called unrelated", []string{"disagree"}, []string{"unrelated"}, 0, 1},
		{"unrelated right", []string{"unrelated"}, []string{"unrelated"}, 0.25, 0.25},
		{"unrelated called related", []string{"unrelated"}, []string{"agree"}, 0, 0.25},
		{"mixed", []string{"agree", "unrelated", "discuss"}, []string{"agree", "unrelated", "agree"}, 1.5, 2.25},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, m := stance.Score(tt.gold, tt.pred)
			if s != tt.score || m != tt.max {
				t.Fatalf("Score = %v/%v, want %v/%v", s, m, tt.score, tt.max)
			}
		})
	}
}

func TestDevSplit(t *testing.T) {
	dev := 0
	for i := range 2000 {
		id := fmt.Sprint(i)
		if stance.DevSplit(id) != stance.DevSplit(id) {
			t.Fatal("DevSplit is not deterministic")
		}
		if stance.DevSplit(id) {
			dev++
		}
	}
	if dev < 340 || dev > 460 {
		t.Fatalf("%d of 2000 IDs in dev, want about 400", dev)
	}
}

// trainFNC1 reads the FNC-1 training pairs, or skips when the data is
// missing.
func trainFNC1(tb testing.TB) []stance.Example {
	tb.Helper()
	dir := shared.Require(tb, "data", "fnc1")
	bf, err := os.Open(filepath.Join(dir, "train_bodies.csv"))
	if err != nil {
		tb.Fatal(err)
	}
	defer bf.Close()
	sf, err := os.Open(filepath.Join(dir, "train_stances.csv"))
	if err != nil {
		tb.Fatal(err)
	}
	defer sf.Close()
	pairs, err := stance.ReadFNC1(bf, sf)
	if err != nil {
		tb.Fatal(err)
	}
	return pairs
}

// TestSmokeFNC1 trains a small model on part of the FNC-1 training bodies
// and checks that it beats the majority-class baseline on unseen bodies.
func TestSmokeFNC1(t *testing.T) {
	pairs := trainFNC1(t)
	if len(pairs) != 49972 {
		t.Errorf("%d pairs, want 49972", len(pairs))
	}
	// A tenth of the bodies: those whose ID ends in 3.
	var train, dev []stance.Example
	for _, p := range pairs {
		if !strings.HasSuffix(p.BodyID, "3") {
			continue
		}
		if stance.DevSplit(p.BodyID) {
			dev = append(dev, p)
		} else {
			train = append(train, p)
		}
	}
	opts := stance.DefaultTrainOptions()
	opts.Related.Rounds, opts.Stance.Rounds = 40, 60
	m, err := stance.Train(train, opts)
	if err != nil {
		t.Fatal(err)
	}
	preds := m.PredictPairs(dev)
	gold := make([]string, len(dev))
	pred := make([]string, len(dev))
	base := make([]string, len(dev))
	for i := range dev {
		gold[i], pred[i], base[i] = dev[i].Label, preds[i].Label, stance.Unrelated
	}
	s, mx := stance.Score(gold, pred)
	b, _ := stance.Score(gold, base)
	t.Logf("smoke: %d train / %d dev pairs, relative score %.1f (all-unrelated %.1f)", len(train), len(dev), 100*s/mx, 100*b/mx)
	if 100*s/mx < 70 || s <= b {
		t.Errorf("relative score %.1f, want >= 70 and above all-unrelated %.1f", 100*s/mx, 100*b/mx)
	}
}

func BenchmarkPredict(b *testing.B) {
	m, err := stance.Default()
	if err != nil {
		b.Fatal(err)
	}
	var pairs [][2]string
	for _, body := range squidBodies {
		for _, tp := range topics {
			pairs = append(pairs, [2]string{tp.claim, body})
		}
		pairs = append(pairs, [2]string{squidClaim, body})
	}
	b.ResetTimer()
	i := 0
	for b.Loop() {
		p := pairs[i%len(pairs)]
		m.Predict(p[0], p[1])
		i++
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "pairs/s")
}

// BenchmarkPredictFNC1 predicts real FNC-1 pairs one at a time (each body
// prepared again for every claim, as Predict does).
func BenchmarkPredictFNC1(b *testing.B) {
	pairs := trainFNC1(b)[:2000]
	m, err := stance.Default()
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	i := 0
	for b.Loop() {
		p := pairs[i%len(pairs)]
		m.Predict(p.Claim, p.Body)
		i++
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "pairs/s")
}

func BenchmarkLoad(b *testing.B) {
	m, err := stance.Default()
	if err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	if err := m.Save(&buf); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(buf.Len()))
	for b.Loop() {
		if _, err := stance.Load(bytes.NewReader(buf.Bytes())); err != nil {
			b.Fatal(err)
		}
	}
}
