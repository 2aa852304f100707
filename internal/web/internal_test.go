package web

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/crosscheck-news/crosscheck/internal/credibility"
	"github.com/crosscheck-news/crosscheck/internal/news"
)

// TestOpenAPIMatchesMux asks the server's own ServeMux which pattern takes
// each documented operation: every one must reach its API route, and every
// API route must be documented.
func TestOpenAPIMatchesMux(t *testing.T) {
	s, err := New(nil, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	var d struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(openAPI, &d); err != nil {
		t.Fatal(err)
	}
	documented := map[string]bool{}
	for path, ops := range d.Paths {
		for method := range ops {
			want := strings.ToUpper(method) + " " + path
			documented[want] = true
			req := httptest.NewRequest(strings.ToUpper(method), strings.ReplaceAll(path, "{id}", "1"), nil)
			if _, pat := s.mux.Handler(req); pat != want {
				t.Errorf("documented %s is served by pattern %q", want, pat)
			}
		}
	}
	for _, r := range s.apiRoutes() {
		if !documented[r.Method+" "+r.Path] {
			t.Errorf("route %s %s is not in openapi.json", r.Method, r.Path)
		}
	}
}

func TestErrorTable(t *testing.T) {
	for _, code := range []string{news.EINVALID, news.ENOTFOUND, news.ECONFLICT, news.EINTERNAL} {
		if _, ok := errorTypes[code]; !ok {
			t.Errorf("news code %q has no HTTP status", code)
		}
	}
	seen := map[string]bool{}
	for code, e := range errorTypes {
		if seen[e.Type] {
			t.Errorf("machine name %q used twice", e.Type)
		}
		seen[e.Type] = true
		if e.Status < 400 || e.Status > 599 {
			t.Errorf("%s: status %d", code, e.Status)
		}
	}
}

// joinPieces rebuilds the text highlight was given.
func joinPieces(paras [][]piece) string {
	var b strings.Builder
	for i, p := range paras {
		if i > 0 {
			b.WriteString("\n\n")
		}
		for _, pc := range p {
			b.WriteString(pc.Text)
		}
	}
	return b.String()
}

func TestHighlight(t *testing.T) {
	txt := "First paragraph with a claim.\n\nSecond one, “a quote”, and more."
	claim := news.Span{Start: strings.Index(txt, "a claim"), End: strings.Index(txt, "a claim") + len("a claim")}
	quote := news.Span{Start: strings.Index(txt, "“a quote”"), End: strings.Index(txt, "“a quote”") + len("“a quote”")}
	wide := news.Span{Start: 6, End: quote.End} // across the paragraph break, under the others
	paras := highlight(txt, []mark{
		{sp: claim, class: "sig-a", href: "#signal-0"},
		{sp: quote, class: "sig-b", href: "#signal-1"},
		{sp: wide, class: "reused", href: "#reused-0"},
		{sp: news.Span{Start: 5, End: 900}, class: "bad"}, // out of range: ignored
	})
	if len(paras) != 2 {
		t.Fatalf("%d paragraphs, want 2", len(paras))
	}
	if got := joinPieces(paras); got != txt {
		t.Fatalf("pieces rebuild %q, want %q", got, txt)
	}
	classOf := func(s string) string {
		for _, p := range paras {
			for _, pc := range p {
				if pc.Text == s {
					return pc.Class
				}
			}
		}
		return "(none)"
	}
	for _, tt := range []struct{ text, class string }{
		{"a claim", "sig-a"}, {"“a quote”", "sig-b"}, {"paragraph with ", "reused"}, {"First ", ""}, {", and more.", ""},
	} {
		if got := classOf(tt.text); got != tt.class {
			t.Errorf("%q: class %q, want %q", tt.text, got, tt.class)
		}
	}
}

func FuzzHighlight(f *testing.F) {
	f.Add("One.\n\nTwo “three”.", 2, 9, 5, 12)
	f.Add("é\n\n\n\nü", 0, 2, 1, 5)
	f.Fuzz(func(t *testing.T, txt string, a, b, c, d int) {
		if len(txt) > 2000 || !utf8.ValidString(txt) {
			return
		}
		x, y := news.Span{Start: a, End: b}, news.Span{Start: c, End: d}
		paras := highlight(txt, []mark{{sp: x, class: "x"}, {sp: y, class: "y"}})
		// The pieces are the text in order; only paragraph breaks fall
		// between them.
		at := 0
		for _, p := range paras {
			for _, pc := range p {
				if pc.Text == "" {
					t.Fatal("empty piece")
				}
				if !strings.HasPrefix(txt[at:], pc.Text) {
					gap := strings.TrimLeft(txt[at:], "\n")
					if !strings.HasPrefix(gap, pc.Text) {
						t.Fatalf("piece %q is not next in %q at %d", pc.Text, txt, at)
					}
					at = len(txt) - len(gap)
				}
				at += len(pc.Text)
			}
		}
		if strings.Trim(txt[at:], "\n") != "" {
			t.Fatalf("text after the last piece: %q", txt[at:])
		}
		onRunes := func(sp news.Span) bool {
			if !sp.Valid(len(txt)) {
				return true // ignored
			}
			at := func(i int) bool { return i == len(txt) || utf8.RuneStart(txt[i]) }
			return at(sp.Start) && at(sp.End)
		}
		if onRunes(x) && onRunes(y) {
			for _, p := range paras {
				for _, pc := range p {
					if !utf8.ValidString(pc.Text) {
						t.Fatalf("piece %q splits a character", pc.Text)
					}
				}
			}
		}
	})
}

func TestDiffWords(t *testing.T) {
	a, b := diffWords("The crane fell on Tuesday, officials said.", "The crane collapsed on Tuesday, police said.")
	marked := func(ps []piece) []string {
		var out []string
		for _, p := range ps {
			if p.Class == "diff" {
				out = append(out, p.Text)
			}
		}
		return out
	}
	if got := strings.Join(marked(a), "|"); got != "fell|officials" {
		t.Errorf("left marks %q, want fell|officials", got)
	}
	if got := strings.Join(marked(b), "|"); got != "collapsed|police" {
		t.Errorf("right marks %q, want collapsed|police", got)
	}
	a, _ = diffWords("Same words here.", "same WORDS here")
	if len(marked(a)) != 0 {
		t.Errorf("case-only differences marked: %v", marked(a))
	}
}

// TestPageCache checks that concurrent misses render once, that an expired
// page is served stale while one request renders it again, that errors
// are not kept, and that clear forgets everything.
func TestPageCache(t *testing.T) {
	var calls atomic.Int32
	release := make(chan struct{})
	status := http.StatusOK
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := calls.Add(1)
		if n == 1 {
			<-release
		}
		w.WriteHeader(status)
		_, _ = w.Write([]byte("page"))
	})
	var c pageCache
	ttl := time.Hour
	serve := func() *httptest.ResponseRecorder {
		w := httptest.NewRecorder()
		c.serve(w, httptest.NewRequest("GET", "/stories/1", nil), ttl, h)
		return w
	}
	var wg sync.WaitGroup
	bodies := make([]string, 20)
	for i := range bodies {
		wg.Add(1)
		go func() {
			defer wg.Done()
			bodies[i] = serve().Body.String()
		}()
	}
	time.Sleep(50 * time.Millisecond)
	close(release)
	wg.Wait()
	if n := calls.Load(); n != 1 {
		t.Fatalf("20 concurrent requests rendered %d times, want 1", n)
	}
	for _, b := range bodies {
		if b != "page" {
			t.Fatalf("a waiting request got %q", b)
		}
	}
	ttl = time.Nanosecond // expired: this request renders again
	serve()
	if n := calls.Load(); n != 2 {
		t.Fatalf("expired entry: %d renders, want 2", n)
	}
	c.clear()
	status = http.StatusNotFound
	serve()
	serve()
	if n := calls.Load(); n != 4 {
		t.Fatalf("error responses were kept: %d renders, want 4", n)
	}
}

// TestPageCacheBounded: whatever URLs are asked for, the bodies kept stay
// within maxCacheBytes, a body over maxCachedBody is not kept, and small
// pages are still served from the cache.
func TestPageCacheBounded(t *testing.T) {
	var size atomic.Int64
	renders := map[string]int{}
	var mu sync.Mutex
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		renders[r.URL.RequestURI()]++
		mu.Unlock()
		_, _ = w.Write([]byte(strings.Repeat("x", int(size.Load()))))
	})
	var c pageCache
	get := func(uri string) *httptest.ResponseRecorder {
		w := httptest.NewRecorder()
		c.serve(w, httptest.NewRequest("GET", uri, nil), time.Hour, h)
		return w
	}
	size.Store(maxCachedBody / 2)
	for i := range 3 * maxCacheBytes / (maxCachedBody / 2) { // junk query strings, each a new URL
		get("/api/v1/stories/1?junk=" + strings.Repeat("a", i%7) + string(rune('a'+i%26)) + "&i=" + time.Duration(i).String())
		c.mu.Lock()
		b, n := c.bytes, 0
		for _, e := range c.entries {
			if e.resp != nil {
				n += len(e.resp.body)
			}
		}
		c.mu.Unlock()
		if b > maxCacheBytes || b != n {
			t.Fatalf("after %d URLs: %d bytes counted, %d held, bound %d", i+1, b, n, maxCacheBytes)
		}
	}
	size.Store(maxCachedBody + 1)
	get("/big")
	if w := get("/big"); w.Header().Get("X-Cache") == "hit" || renders["/big"] != 2 {
		t.Errorf("a %d-byte body was kept (renders %d)", maxCachedBody+1, renders["/big"])
	}
	size.Store(10)
	get("/small")
	if w := get("/small"); w.Header().Get("X-Cache") != "hit" || renders["/small"] != 1 {
		t.Errorf("a small page was not served from the cache (renders %d)", renders["/small"])
	}
}

// TestSignalNames: every signal type a report can hold (every type the
// assessor weighs) has a reader's name on the pages, not its JSON name.
func TestSignalNames(t *testing.T) {
	for typ := range credibility.Weights {
		if n := signalName(typ); n == typ || n == "" {
			t.Errorf("signal type %s is shown as %q", typ, n)
		}
	}
}

// TestQuoteVariantsOrder: statements that tie on kind, score and first
// article come in the order of their quotes in that article, the same at
// every render (they came in map order, so a story page changed on reload).
func TestQuoteVariantsOrder(t *testing.T) {
	text := `"One two three four," A said. "Five six seven eight," A said. "Nine ten eleven twelve," A said.`
	mk := func(id int64) *articleView {
		an := &news.Analysis{ArticleID: id}
		for i, w := range []string{"One two three four", "Five six seven eight", "Nine ten eleven twelve"} {
			start := strings.Index(text, w)
			an.Quotes = append(an.Quotes, news.Quote{Index: i, Span: news.Span{Start: start, End: start + len(w)}, Text: w, Direct: true, SpeakerName: "A", Status: news.QuoteCorroborated})
		}
		return &articleView{Article: &news.Article{ID: id, Text: text}, Analysis: an}
	}
	a, b := mk(1), mk(2)
	for i := range 3 {
		b.Analysis.QuoteLinks = append(b.Analysis.QuoteLinks, news.QuoteLink{
			From: news.QuoteRef{ArticleID: 2, Index: i}, To: news.QuoteRef{ArticleID: 1, Index: i},
			Kind: news.VariantVerbatim, Score: 1, SameStory: true})
	}
	v := &storyView{Story: &news.Story{ID: 1}, Articles: []*articleView{a, b}}
	pos := map[int64]int{1: 0, 2: 1}
	for range 20 {
		variants, _ := quoteVariants(v, pos)
		var got []string
		for _, vr := range variants {
			got = append(got, vr.Versions[0].Words[0].Text)
		}
		if want := []string{"One two three four", "Five six seven eight", "Nine ten eleven twelve"}; !slices.Equal(got, want) {
			t.Fatalf("statements %q, want %q", got, want)
		}
	}
}
