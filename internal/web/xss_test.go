package web_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// hostile inputs: every one tries to run script by setting window.__pwned
// or document.title, through tags, event handlers, javascript: URLs and
// markup that breaks out of attributes and elements.
var hostile = []struct {
	contentType, body string
}{
	{"text/plain", `<script>window.__pwned=1;document.title='pwned'</script> Crane <img src=x onerror="window.__pwned=2"> collapse at Meridian port "><svg onload=window.__pwned=3>

The crane collapsed on Tuesday, <a href="javascript:window.__pwned=4">officials</a> said. “<script>window.__pwned=5</script> We are shocked by the crane collapse,” said Elena Marsh.

javascript:window.__pwned=6 <iframe src="javascript:window.__pwned=7"></iframe></p></div><style>body{display:none}</style>`},
	{"text/html", `<html><head><title>Crane &lt;script&gt;window.__pwned=8&lt;/script&gt; report</title></head><body><article><h1 onclick="window.__pwned=9">Crane report from the port <script>window.__pwned=10</script></h1>
<p>The crane at the Port of Meridian collapsed on Tuesday, <a href="javascript:window.__pwned=11" onmouseover="window.__pwned=12">the port authority</a> said, injuring dock workers.</p>
<p><img src="x" onerror="window.__pwned=13">Inspectors arrived on Wednesday to examine the crane. <object data="javascript:window.__pwned=14"></object></p></article></body></html>`},
	{"application/json", `{"title":"Crane \"><script>window.__pwned=15</script> inquiry","url":"https://evil.example/a\"><script>window.__pwned=16</script>","source":"<b onmouseover=window.__pwned=17>evil.example</b>","byline":"<img src=x onerror=window.__pwned=18>","text":"The crane inquiry opened on Thursday at the Port of Meridian. \"<svg/onload=window.__pwned=19>\" the inspector said about the crane."}`},
}

// submitHostile posts the hostile inputs through the API and the input
// form, and returns every page that shows them.
func submitHostile(t *testing.T, ts *testServer) []string {
	t.Helper()
	pages := map[string]bool{"/": true, "/search?q=crane": true, "/search?q=" + url.QueryEscape("<script>"): true, "/submit": true}
	for _, h := range hostile {
		resp, body := post(t, ts.URL+"/api/v1/articles", h.contentType, h.body)
		if resp.StatusCode != 200 {
			t.Fatalf("submit %s: %d %s", h.contentType, resp.StatusCode, body)
		}
		var r struct {
			Data struct {
				ArticleIDs []int64 `json:"article_ids"`
				StoryIDs   []int64 `json:"story_ids"`
			}
		}
		if err := json.Unmarshal([]byte(body), &r); err != nil || len(r.Data.ArticleIDs) != 1 {
			t.Fatalf("submit %s: %v %s", h.contentType, err, body)
		}
		pages["/articles/"+itoa(r.Data.ArticleIDs[0])] = true
		for _, id := range r.Data.StoryIDs {
			pages["/stories/"+itoa(id)] = true
		}
	}
	// The form path: its result page shows the submitted title.
	resp, _ := post(t, ts.URL+"/submit", "application/x-www-form-urlencoded", url.Values{"text": {hostile[0].body + "\n\nA second take on the crane."}}.Encode())
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("form submit: %d", resp.StatusCode)
	}
	pages[resp.Header.Get("Location")] = true
	var out []string
	for p := range pages {
		out = append(out, p)
	}
	return out
}

// TestNoScriptInPages checks, in the parsed pages, that no element,
// attribute or URL that could run script comes out of hostile input.
func TestNoScriptInPages(t *testing.T) {
	ts := newServer(t)
	pages := submitHostile(t, ts)
	if len(pages) < 8 {
		t.Fatalf("only %d pages to check", len(pages))
	}
	shown := false
	for _, p := range pages {
		resp, body := get(t, ts.URL+p)
		if resp.StatusCode != 200 {
			t.Fatalf("%s: %d", p, resp.StatusCode)
		}
		d := parseHTML(t, body)
		if n := d.Find("script, iframe, object, embed, style, base, meta[http-equiv]").Length(); n != 0 {
			t.Errorf("%s: %d elements that can run or restyle", p, n)
		}
		d.Find("*").Each(func(_ int, s *goquery.Selection) {
			for _, a := range s.Nodes[0].Attr {
				key, val := strings.ToLower(a.Key), strings.ToLower(strings.TrimSpace(a.Val))
				if strings.HasPrefix(key, "on") {
					t.Errorf("%s: event handler %s=%q on <%s>", p, a.Key, a.Val, s.Nodes[0].Data)
				}
				if (key == "href" || key == "src" || key == "action" || key == "formaction" || key == "data") && strings.HasPrefix(val, "javascript:") {
					t.Errorf("%s: javascript: URL in %s", p, a.Key)
				}
			}
		})
		if strings.Contains(d.Text(), "<script>window.__pwned") {
			shown = true // the markup is shown as text
		}
	}
	if !shown {
		t.Error("the hostile markup is shown nowhere as text")
	}
}
