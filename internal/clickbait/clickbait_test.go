package clickbait_test

import (
	"bytes"
	"compress/gzip"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/crosscheck-news/crosscheck/internal/clickbait"
	"github.com/crosscheck-news/crosscheck/internal/learn"
	"github.com/crosscheck-news/crosscheck/internal/metrics"
	"github.com/crosscheck-news/crosscheck/internal/news"
	"github.com/crosscheck-news/crosscheck/internal/shared"
)

func TestShippedModel(t *testing.T) {
	m, err := clickbait.Default()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		line      string
		clickbait bool
	}{
		{"You Won't Believe What This Dog Did Next", true},
		{"17 Things Only People Who Grew Up With Cats Will Understand", true},
		{"This Is Why You Should Never Eat Breakfast In Bed", true},
		{"Here's What Happened When She Opened The Mystery Box", true},
		{"Can You Guess Which Celebrity Said These Words?", true},
		{"Must Read: Police arrest suspect in harbour bank robbery", true},
		{"you won't believe what the mayor said about the new tram line", true},
		{"Parliament approves budget after late-night vote", false},
		{"Germany's exports fell 2 percent in March", false},
		{"Storm leaves thousands without power in northern Scotland", false},
		{"Central bank holds interest rates steady amid inflation worries", false},
		{"Court rejects appeal in port accident case", false},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			s := m.Score(tt.line)
			if s < 0 || s > 1 {
				t.Fatalf("score %v outside [0,1]", s)
			}
			if (s > 0.5) != tt.clickbait {
				t.Errorf("score %.3f, want clickbait=%v", s, tt.clickbait)
			}
		})
	}
}

func TestTrainLearnsTheObvious(t *testing.T) {
	bait := []string{
		"You Will Never Guess What Happened Next", "10 Reasons Why Cats Are Better Than Dogs",
		"This Simple Trick Will Change Your Life", "What Happened Next Will Shock You",
		"21 Photos That Will Make You Laugh", "Which Pizza Topping Are You",
		"This Trick Will Make You Smile", "15 Reasons You Need A Nap Right Now",
		"You Will Not Believe These Photos", "Why Everyone Is Talking About This Dog",
	}
	plain := []string{
		"Minister resigns after budget dispute", "Floods close roads in the north",
		"Court delays ruling on port contract", "Exports rise for third month",
		"Council approves new tram line", "Strike halts rail services in the south",
		"Central bank raises interest rates", "Police arrest two after harbour fire",
		"Election results delayed by recount", "Government signs trade agreement",
	}
	var exs []clickbait.Example
	for _, l := range bait {
		exs = append(exs, clickbait.Example{Text: l, Clickbait: true})
	}
	for _, l := range plain {
		exs = append(exs, clickbait.Example{Text: l, Clickbait: false})
	}
	opts := clickbait.DefaultTrainOptions()
	opts.Bits = 14
	m, err := clickbait.Train(exs, opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		line string
		want bool
	}{
		{"12 Reasons Why You Will Love This Dog", true},
		{"What This Cat Did Next Will Make You Laugh", true},
		{"Minister delays rail contract after dispute", false},
		{"Council raises rates after floods", false},
	} {
		if got := m.Score(tt.line) > 0.5; got != tt.want {
			t.Errorf("%q: score %.3f, want clickbait=%v", tt.line, m.Score(tt.line), tt.want)
		}
	}
	if _, err := clickbait.Train(nil, opts); err == nil {
		t.Error("Train accepted no examples")
	}
}

func TestLoadCorrupt(t *testing.T) {
	m, err := clickbait.Default()
	if err != nil {
		t.Fatal(err)
	}
	var good bytes.Buffer
	if err := m.Save(&good); err != nil {
		t.Fatal(err)
	}
	flipped := bytes.Clone(good.Bytes())
	flipped[len(flipped)/2] ^= 1
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"empty", nil, "wrong magic"},
		{"gzip data file", []byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0}, "wrong magic"},
		{"truncated", good.Bytes()[:100], "truncated"},
		{"flipped byte", flipped, "checksum"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := clickbait.Load(bytes.NewReader(tt.data))
			if err == nil {
				t.Fatal("Load accepted a corrupt file")
			}
			if !errors.Is(err, learn.ErrCorrupt) || news.ErrorCode(err) != news.EINVALID || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want EINVALID ErrCorrupt mentioning %q", err, tt.want)
			}
		})
	}
	m2, err := clickbait.Load(bytes.NewReader(good.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range []string{"This Is Why You Should Never Eat Breakfast", "Exports fell in March"} {
		if got, want := m2.Score(l), m.Score(l); got != want {
			t.Fatalf("reloaded model scores %q %v, original %v", l, got, want)
		}
	}
}

func TestReadCorpus(t *testing.T) {
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte("Should I Get Bangs\n\nWhich Friend Are You\n\n"))
	zw.Close()
	exs, err := clickbait.ReadCorpus(&gz, strings.NewReader("Exports fell in March\n\n  \nCourt delays ruling\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := []clickbait.Example{
		{Text: "Should I Get Bangs", Clickbait: true}, {Text: "Which Friend Are You", Clickbait: true},
		{Text: "Exports fell in March"}, {Text: "Court delays ruling"},
	}
	if len(exs) != len(want) {
		t.Fatalf("got %v, want %v", exs, want)
	}
	for i := range want {
		if exs[i] != want[i] {
			t.Fatalf("example %d = %v, want %v", i, exs[i], want[i])
		}
	}
	if _, err := clickbait.ReadCorpus(bytes.NewReader([]byte{0x1f, 0x8b, 1, 2}), strings.NewReader("")); err == nil {
		t.Error("ReadCorpus accepted a broken gzip stream")
	}
}

// TestSmokeCorpus trains on a fifth of the corpus and checks accuracy and
// ROC AUC on another fifth.
func TestSmokeCorpus(t *testing.T) {
	dir := shared.Require(t, "data", "clickbait_chakraborty2016")
	cf, err := os.Open(filepath.Join(dir, "clickbait_data.gz"))
	if err != nil {
		t.Fatal(err)
	}
	defer cf.Close()
	pf, err := os.Open(filepath.Join(dir, "non_clickbait_data.gz"))
	if err != nil {
		t.Fatal(err)
	}
	defer pf.Close()
	exs, err := clickbait.ReadCorpus(cf, pf)
	if err != nil {
		t.Fatal(err)
	}
	if len(exs) != 32000 {
		t.Errorf("%d headlines, want 32000", len(exs))
	}
	folds := metrics.Folds(len(exs), 10, 1)
	var train []clickbait.Example
	for _, f := range folds[:2] {
		for _, i := range f {
			train = append(train, exs[i])
		}
	}
	m, err := clickbait.Train(train, clickbait.DefaultTrainOptions())
	if err != nil {
		t.Fatal(err)
	}
	var scores []float64
	var labels []bool
	ok := 0
	for _, f := range folds[2:4] {
		for _, i := range f {
			s := m.Score(exs[i].Text)
			scores, labels = append(scores, s), append(labels, exs[i].Clickbait)
			if (s > 0.5) == exs[i].Clickbait {
				ok++
			}
		}
	}
	acc, auc := float64(ok)/float64(len(scores)), metrics.ROCAUC(scores, labels)
	t.Logf("smoke: %d train, %d test: accuracy %.3f, ROC AUC %.3f", len(train), len(scores), acc, auc)
	if acc < 0.95 || auc < 0.98 {
		t.Errorf("accuracy %.3f, ROC AUC %.3f; want >= 0.95 and >= 0.98", acc, auc)
	}
}

func BenchmarkScore(b *testing.B) {
	m, err := clickbait.Default()
	if err != nil {
		b.Fatal(err)
	}
	lines := []string{
		"You Won't Believe What This Dog Did Next",
		"Central bank holds interest rates steady amid inflation worries",
		"17 Things Only People Who Grew Up With Cats Will Understand",
	}
	i := 0
	for b.Loop() {
		m.Score(lines[i%len(lines)])
		i++
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "lines/s")
}

func BenchmarkLoad(b *testing.B) {
	m, err := clickbait.Default()
	if err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	if err := m.Save(&buf); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(buf.Len()))
	for b.Loop() {
		if _, err := clickbait.Load(bytes.NewReader(buf.Bytes())); err != nil {
			b.Fatal(err)
		}
	}
}
