// Package internal holds no code; its test checks the dependency rules of
// docs/architecture.md.
package internal

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/crosscheck-news/crosscheck/"

// imports returns the imports of the non-test Go files of the package in
// dir (relative to the module root).
func imports(t *testing.T, dir string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("..", dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	var out []string
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		af, err := parser.ParseFile(token.NewFileSet(), f, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, im := range af.Imports {
			p, _ := strconv.Unquote(im.Path.Value)
			if !seen[p] {
				seen[p] = true
				out = append(out, p)
			}
		}
	}
	return out
}

// TestPureAnalysis: the analysis packages, and every package of this module
// they import, reach neither a database, the network, nor the pipeline.
func TestPureAnalysis(t *testing.T) {
	// Matched exactly, or as a path prefix; net/url (parsing) is allowed.
	forbidden := []string{"database/sql", "net/http", "net/rpc", module + "internal/store", module + "internal/web",
		module + "internal/engine", module + "internal/cli", module + "internal/worker", module + "internal/ingest",
		module + "internal/feeds"}
	pure := []string{"internal/news", "internal/text", "internal/metrics", "internal/learn", "internal/cluster",
		"internal/reuse", "internal/quote", "internal/stance", "internal/clickbait", "internal/credibility", "internal/gen", "internal/memo"}
	for _, root := range pure {
		if _, err := os.Stat(filepath.Join("..", root)); err != nil {
			t.Fatalf("%s: %v", root, err)
		}
		visited := map[string]bool{}
		var walk func(dir string, path []string)
		walk = func(dir string, path []string) {
			if visited[dir] {
				return
			}
			visited[dir] = true
			for _, im := range imports(t, dir) {
				bad := im == "net"
				for _, f := range forbidden {
					bad = bad || im == f || strings.HasPrefix(im, f+"/")
				}
				if bad {
					t.Errorf("%s imports %s (via %s)", root, im, strings.Join(append(path, dir), " → "))
				}
				if strings.HasPrefix(im, module) {
					walk(strings.TrimPrefix(im, module), append(path, dir))
				}
			}
		}
		walk(root, nil)
	}
	// The domain package imports the standard library only.
	for _, im := range imports(t, "internal/news") {
		if strings.Contains(strings.SplitN(im, "/", 2)[0], ".") {
			t.Errorf("internal/news imports %s, outside the standard library", im)
		}
	}
}
