package web_test

import (
	"context"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

var screenshots = flag.String("screenshots", "../../docs/screenshots", "folder the browser test saves its screenshots to (empty: none)")

// chromium returns the browser's path, or skips the test.
func chromium(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	for _, p := range []string{os.Getenv("CROSSCHECK_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"} {
		if p == "" {
			continue
		}
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p
	}
	t.Skip("no Chromium at /usr/bin/chromium (apt-get install chromium, or set CROSSCHECK_CHROMIUM): browser test skipped")
	return ""
}

// browser starts a headless Chromium for the test.
func browser(t *testing.T) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium(t)), chromedp.NoSandbox, chromedp.Headless,
		chromedp.WindowSize(1280, 900), chromedp.Flag("hide-scrollbars", true))
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancelAlloc)
	ctx, cancelBrowser := chromedp.NewContext(actx)
	t.Cleanup(cancelBrowser)
	ctx, cancel := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// open navigates to url and waits until the page has loaded and the
// element ready selects has a box. (It polls the page's own DOM:
// chromedp's WaitVisible tracks the DOM through the DevTools protocol and
// was seen to wait forever on a loaded story page whose main element the
// page itself reported visible.)
func open(t *testing.T, ctx context.Context, url, ready string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		t.Fatalf("%s: %v", url, err)
	}
	js := `(() => { const e = document.querySelector(` + strconv.Quote(ready) + `); if (document.readyState !== "complete" || !e) return false; const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== "hidden" })()`
	for {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js))
		if err != nil {
			t.Fatalf("%s: %v", url, err)
		}
		if ok {
			return
		}
		select {
		case <-ctx.Done():
			t.Fatalf("%s: %s never became visible: %v", url, ready, ctx.Err())
		case <-time.After(50 * time.Millisecond):
		}
	}
}

func eval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("%s: %v", js, err)
	}
	return v
}

func shoot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	if *screenshots == "" {
		return
	}
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)) // 100: PNG
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(*screenshots, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(*screenshots, name), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestBrowser renders the story list, the port story and the content-farm
// article in headless Chromium over the examples, checks what a reader
// sees, and saves screenshots of the three pages.
func TestBrowser(t *testing.T) {
	ts := newServer(t)
	ctx := browser(t)
	port := storyIDByTitle(t, ts.Store, "Crane collapse")
	farm := articleIDByTitle(t, ts.Store, "Port Boss SLAMS")

	open(t, ctx, ts.URL+"/", "#stories")
	if n := eval[int](t, ctx, `document.querySelectorAll("#stories li.story").length`); n != 2 {
		t.Errorf("story list shows %d stories, want 2", n)
	}
	// The stylesheet loaded under the CSP: the header is dark.
	if bg := eval[string](t, ctx, `getComputedStyle(document.querySelector("header.top")).backgroundColor`); bg != "rgb(19, 32, 45)" {
		t.Errorf("header background %q: the stylesheet did not apply", bg)
	}
	shoot(t, ctx, "stories.png")

	open(t, ctx, ts.URL+"/stories/"+itoa(port), "#provenance")
	// Sections in reading order.
	order := eval[[]string](t, ctx, `[...document.querySelectorAll("main section")].map(s => s.id)`)
	want := []string{"timeline-section", "provenance-section", "core-section", "solo-section", "variants-section"}
	if len(order) != len(want) {
		t.Fatalf("sections %q, want %q", order, want)
	}
	for i := range want {
		if order[i] != want[i] {
			t.Fatalf("sections %q, want %q", order, want)
		}
	}
	if n := eval[int](t, ctx, `document.querySelectorAll("#timeline .tl-item").length`); n != 5 {
		t.Errorf("timeline shows %d articles, want 5", n)
	}
	// The graph is drawn: six nodes, arcs with a visible length, and the
	// nodes left to right in timeline order.
	if n := eval[int](t, ctx, `document.querySelectorAll("#provenance circle.node").length`); n != 6 {
		t.Errorf("graph shows %d nodes, want 6", n)
	}
	if ok := eval[bool](t, ctx, `[...document.querySelectorAll("#provenance path.edge")].every(p => p.getTotalLength() > 40)`); !ok {
		t.Error("an arc of the graph is not drawn")
	}
	graphIDs := eval[[]string](t, ctx, `[...document.querySelectorAll("#provenance circle.node:not(.node-external) + text")].map(t => t.textContent)`)
	timelineIDs := eval[[]string](t, ctx, `[...document.querySelectorAll("#timeline .tl-item")].map(li => li.id.slice(3))`)
	if len(graphIDs) != len(timelineIDs) {
		t.Fatalf("graph %q, timeline %q", graphIDs, timelineIDs)
	}
	for i := range graphIDs {
		if graphIDs[i] != timelineIDs[i] {
			t.Errorf("graph order %q differs from the timeline %q", graphIDs, timelineIDs)
			break
		}
	}
	// Quote variants sit side by side, with marked words visible.
	if ok := eval[bool](t, ctx, `(() => { const [l, r] = [...document.querySelector("#variants .variant").querySelectorAll("blockquote.version")].map(b => b.getBoundingClientRect()); return l.right <= r.left && Math.abs(l.top - r.top) < 2 })()`); !ok {
		t.Error("quote variants are not side by side")
	}
	if n := eval[int](t, ctx, `[...document.querySelectorAll("#variants .diff")].filter(e => e.getBoundingClientRect().width > 0).length`); n == 0 {
		t.Error("no visible marked words in the variants")
	}
	if n := eval[int](t, ctx, `document.querySelectorAll("#core .claim").length`); n < 3 {
		t.Errorf("corroborated core shows %d claims", n)
	}
	shoot(t, ctx, "story.png")

	open(t, ctx, ts.URL+"/articles/"+itoa(farm), "#text")
	if n := eval[int](t, ctx, `document.querySelectorAll("#text a[class^=sig-]").length`); n == 0 {
		t.Error("no highlighted evidence")
	}
	// A highlight's background differs from the text's, and following it
	// lands on its explanation.
	if bg := eval[string](t, ctx, `getComputedStyle(document.querySelector("#text a.sig-spliced_passage")).backgroundColor`); bg == "rgba(0, 0, 0, 0)" {
		t.Error("spliced passages are not highlighted")
	}
	if id := eval[string](t, ctx, `(() => { const a = document.querySelector("#text a.sig-spliced_passage"); a.click(); return document.querySelector(":target")?.id || "" })()`); id == "" {
		t.Error("a highlight does not lead to its explanation")
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.scrollTo(0, 0); true`)); err != nil {
		t.Fatal(err)
	}
	shoot(t, ctx, "article.png")
}

// TestBrowserNoScript loads every page that shows the hostile inputs, and
// follows their links, in a real browser, and checks that no script ran.
func TestBrowserNoScript(t *testing.T) {
	ts := newServer(t)
	ctx := browser(t)
	pages := submitHostile(t, ts)
	for _, p := range pages {
		open(t, ctx, ts.URL+p, "main")
		// Fire the events the hostile markup listens for, in case any of
		// it survived as live markup, and follow any javascript: link.
		ran := eval[bool](t, ctx, `(() => {
			for (const el of document.querySelectorAll("main *")) {
				for (const type of ["mouseover", "focus", "load", "error"]) {
					el.dispatchEvent(new Event(type));
				}
			}
			for (const a of document.querySelectorAll("a[href^='javascript:']")) a.click();
			return window.__pwned !== undefined || document.title === "pwned";
		})()`)
		if ran {
			t.Errorf("%s: a script from an article ran", p)
		}
		title, err := chromedp.Run(ctx, chromedp.Title())
		if err != nil {
			t.Fatal(err)
		}
		if title == "pwned" {
			t.Errorf("%s: document.title was set by an article", p)
		}
	}
}
