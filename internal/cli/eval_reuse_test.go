package cli

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/crosscheck-news/crosscheck/internal/text"
)

// runJSON runs a command with --format json and decodes its one object.
func runJSON(t *testing.T, args ...string) map[string]float64 {
	t.Helper()
	var out, errb bytes.Buffer
	e := &Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }}
	if code := Main(context.Background(), append(args, "--format", "json"), e); code != ExitOK {
		t.Fatalf("%v: exit %d: %s", args, code, errb.String())
	}
	var m map[string]float64
	if err := json.Unmarshal(out.Bytes(), &m); err != nil {
		t.Fatalf("%v: output is not one JSON object of numbers: %v\n%s", args, err, out.String())
	}
	return m
}

// fictionalSentences returns the sentences of the reuse package's fictional
// test articles.
func fictionalSentences(t *testing.T) (flood, council string, sents []string) {
	t.Helper()
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join("..", "reuse", "testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		return text.Normalize(string(b))
	}
	flood, council = read("flood.txt"), read("council.txt")
	for _, d := range []string{flood, council} {
		for _, s := range text.Sentences(d) {
			sents = append(sents, s.Span.Slice(d))
		}
	}
	return flood, council, sents
}

func checkKeys(t *testing.T, m map[string]float64, keys ...string) {
	t.Helper()
	for _, k := range keys {
		v, ok := m[k]
		if !ok {
			t.Fatalf("key %q missing from %v", k, m)
		}
		if v < 0 || v > 1 {
			t.Fatalf("%s=%v outside [0, 1]", k, v)
		}
	}
}

func TestEvalParaphraseAndTrain(t *testing.T) {
	_, _, sents := fictionalSentences(t)
	dir := t.TempDir()
	// Paraphrases: a sentence and itself with its first word dropped;
	// non-paraphrases: two different sentences.
	var lines []string
	for i, s := range sents {
		w := strings.Fields(s)
		lines = append(lines, fmt.Sprintf("1\t%d\t%d\t%s\t%s", 2*i, 2*i+1, s, strings.Join(w[1:], " ")))
		lines = append(lines, fmt.Sprintf("0\t%d\t%d\t%s\t%s", 2*i, 2*i+3, s, sents[(i+7)%len(sents)]))
	}
	data := "\ufeff" + strings.Join(lines, "\n") + "\n"
	for _, f := range []string{"msr_paraphrase_train.txt", "msr_paraphrase_test.txt"} {
		if err := os.WriteFile(filepath.Join(dir, f), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	m := runJSON(t, "eval", "paraphrase", "--data", dir)
	checkKeys(t, m, "accuracy", "f1")
	if m["accuracy"] < 0.9 {
		t.Fatalf("accuracy %.3f on the training pairs themselves", m["accuracy"])
	}
	cv := runJSON(t, "eval", "paraphrase", "--data", dir, "--cv", "3")
	checkKeys(t, cv, "accuracy", "f1")
	if cv["accuracy"] < 0.8 || cv["test_pairs"] != 0 {
		t.Fatalf("3-fold cross-validation: accuracy %.3f, %v test pairs", cv["accuracy"], cv["test_pairs"])
	}
	out := filepath.Join(t.TempDir(), "p.model")
	var so, se bytes.Buffer
	e := &Env{Stdout: &so, Stderr: &se, Getenv: func(string) string { return "" }}
	if code := Main(context.Background(), []string{"train", "paraphrase", "--data", dir, "--text", "", "--out", out}, e); code != ExitOK {
		t.Fatalf("train: exit %d: %s", code, se.String())
	}
	if fi, err := os.Stat(out); err != nil || fi.Size() == 0 {
		t.Fatalf("model file: %v", err)
	}
}

func TestEvalAlign(t *testing.T) {
	flood, council, _ := fictionalSentences(t)
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write([]string{"Body ID", "articleBody"})
	w.Write([]string{"1", flood})
	w.Write([]string{"2", council})
	w.Flush()
	path := filepath.Join(t.TempDir(), "bodies.csv")
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	m := runJSON(t, "eval", "align", "--data", path, "--n", "6", "--seed", "3")
	checkKeys(t, m, "char_precision", "char_recall")
	if m["char_precision"] < 0.9 || m["char_recall"] < 0.9 {
		t.Fatalf("precision %.3f, recall %.3f on fictional bodies", m["char_precision"], m["char_recall"])
	}
}

func TestEvalReuse(t *testing.T) {
	flood, council, _ := fictionalSentences(t)
	dir := t.TempDir()
	paras := strings.Split(flood, "\n\n")
	src := strings.Join(paras[:8], "\n\n")
	files := map[string]string{
		"orig_taska.txt": src,
		"cut1.txt":       strings.Join(paras[1:5], "\n\n"),
		"cut2.txt":       strings.Join(paras[3:7], "\n\n"),
		"light1.txt":     strings.ReplaceAll(strings.Join(paras[0:4], "\n\n"), " the ", " a "),
		"light2.txt":     strings.ReplaceAll(strings.Join(paras[2:6], "\n\n"), " said", " stated"),
		"heavy1.txt":     "The river climbed 1.8 metres in under six hours. Boats took 62 people off roofs in Millbrook. The barrier of sandbags and steel panels gave way.",
		"heavy2.txt":     "Valebridge had to evacuate more than 3,400 people when the Aller broke through its temporary barrier after three days of rain.",
		"non1.txt":       council,
		"non2.txt":       "Answers about something else entirely: the library will open in 2028 and keep the tram tracks.",
	}
	var idx bytes.Buffer
	w := csv.NewWriter(&idx)
	w.Write([]string{"File", "Task", "Category"})
	for _, name := range []string{"cut1.txt", "cut2.txt", "light1.txt", "light2.txt", "heavy1.txt", "heavy2.txt", "non1.txt", "non2.txt", "orig_taska.txt"} {
		cat := strings.TrimRight(strings.TrimSuffix(name, ".txt"), "12")
		if name == "orig_taska.txt" {
			cat = "orig"
		}
		w.Write([]string{name, "a", cat})
	}
	w.Flush()
	files["file_information.csv"] = idx.String()
	for name, s := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	m := runJSON(t, "eval", "reuse", "--data", dir, "--folds", "2")
	checkKeys(t, m, "binary_accuracy", "accuracy_4way", "macro_f1")
}

func TestDecodeLenient(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"plain", "plain"},
		{"caf\xe9 \x93quoted\x94", "café “quoted”"},
		{"valid “utf-8”", "valid “utf-8”"},
	} {
		if got := decodeLenient([]byte(tt.in)); got != tt.want {
			t.Errorf("decodeLenient(%q)=%q, want %q", tt.in, got, tt.want)
		}
	}
}
