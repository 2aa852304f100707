package web_test

import (
	"context"
	"flag"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

var shots = flag.String("screenshots", "../../docs/screenshots", "folder the browser test saves its screenshots to (empty: none)")

// chromium returns the browser binary, or skips the test.
func chromium(t *testing.T) string {
	for _, p := range []string{os.Getenv("CROSSCHECK_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"} {
		if p != "" {
			if _, err := os.Stat(p); err == nil {
				return p
			}
		}
	}
	t.Skip("no Chromium found (install Debian's chromium, or set CROSSCHECK_CHROMIUM): browser test skipped")
	return ""
}

func browser(t *testing.T) context.Context {
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(chromium(t)), chromedp.NoSandbox,
		chromedp.WindowSize(1280, 900), chromedp.Flag("headless", true))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel2 := chromedp.NewContext(actx)
	t.Cleanup(cancel2)
	ctx, cancel3 := context.WithTimeout(ctx, 60*time.Second)
	t.Cleanup(cancel3)
	return ctx
}

// TestBrowser renders the story list, a story page and an article page in
// a real browser, checks the story page's structure and saves screenshots.
func TestBrowser(t *testing.T) {
	ts, _ := newServer(t)
	ctx := browser(t)
	count := func(page, wait, sel string) (int, []byte) {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+page), chromedp.WaitVisible(wait)); err != nil {
			t.Fatalf("%s: %v", page, err)
		}
		n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("`+sel+`").length`))
		if err != nil {
			t.Fatal(err)
		}
		shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatal(err)
		}
		return n, shot
	}
	rows, list := count("/", "#stories", "#stories tr.story")
	nodes, story := count("/stories/1", "#provenance", "#provenance circle")
	marks, article := count("/articles/3", "#text", "#text mark")
	if rows != 2 || nodes != 5 || marks == 0 {
		t.Fatalf("rendered %d story rows, %d graph nodes, %d highlights; want 2, 5, some", rows, nodes, marks)
	}
	if *shots != "" {
		if err := os.MkdirAll(*shots, 0o755); err != nil {
			t.Fatal(err)
		}
		for name, b := range map[string][]byte{"stories.png": list, "story.png": story, "article.png": article} {
			if err := os.WriteFile(filepath.Join(*shots, name), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// TestBrowserNoScript loads every view of an article carrying scripts,
// event handlers and javascript: links, and checks nothing ran.
func TestBrowserNoScript(t *testing.T) {
	ts, _ := newServer(t)
	evil := "<script>window.__pwned=1;document.title='pwned'</script> Crane <img src=x onerror=\"window.__pwned=2\"> collapse at Meridian port\n\nThe crane collapsed on Tuesday, <a href=\"javascript:window.__pwned=3\">officials</a> said. <svg onload=\"window.__pwned=4\"></svg>"
	resp, err := http.Post(ts.URL+"/api/v1/articles", "text/plain", strings.NewReader(evil))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	ctx := browser(t)
	for _, p := range []string{"/", "/stories/3", "/articles/7", "/search?q=crane"} {
		if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+p), chromedp.WaitReady("body")); err != nil {
			t.Fatal(err)
		}
		pwned, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelectorAll("a").forEach(a => { if (String(a.getAttribute("href") || "").startsWith("javascript:")) a.click() }); window.__pwned !== undefined`))
		if err != nil {
			t.Fatal(err)
		}
		title, err := chromedp.Run(ctx, chromedp.Title())
		if err != nil {
			t.Fatal(err)
		}
		if pwned || title == "pwned" {
			t.Errorf("%s: a script ran", p)
		}
	}
}
