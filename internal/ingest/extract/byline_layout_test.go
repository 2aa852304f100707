package extract_test

import (
	"testing"

	"github.com/crosscheck-news/crosscheck/internal/ingest/extract"
)

// TestBylineInLayoutClasses: otherStories matches whole class words, so
// a page laid out in Bootstrap cards, or whose wrapper's class merely
// contains "more" or "card" (Baltimore, scorecard), keeps its visible
// byline.
func TestBylineInLayoutClasses(t *testing.T) {
	body := `<p class="post-meta">By Dwayne Archer</p><p>The board froze ferry fares for a year on Monday, its chair said, in a decision that surprised the union and the commuters of the port alike.</p><p>The freeze costs the port two million a year, officials said.</p>`
	for _, wrap := range []string{
		`<div class="card"><div class="card-body">%s</div></div>`,
		`<div class="site-baltimore">%s</div>`,
		`<main id="content" class="story scorecard-layout">%s</main>`,
		`<div class="container">%s</div>`, // control
	} {
		page := "<html><body><article>" + sprintf(wrap, body) + "</article></body></html>"
		r, err := extract.Extract([]byte(page), extract.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if r.VisibleByline != "By Dwayne Archer" {
			t.Errorf("%s: VisibleByline %q, want By Dwayne Archer", wrap, r.VisibleByline)
		}
	}
}

func sprintf(f, s string) string {
	for i := 0; i+1 < len(f); i++ {
		if f[i:i+2] == "%s" {
			return f[:i] + s + f[i+2:]
		}
	}
	return f
}
