// Package shared locates the project's shared folder (../shared beside the
// repository: the seed articles and the labelled data sets, read in place and
// never copied into the repository).
package shared

import (
	"os"
	"path/filepath"
	"testing"
)

// Dir returns the shared folder: $CROSSCHECK_SHARED when set, else the
// "shared" folder beside the module root found by walking up from the working
// directory to go.mod. It returns "" when there is none.
func Dir() string {
	if d := os.Getenv("CROSSCHECK_SHARED"); d != "" {
		return d
	}
	wd, err := os.Getwd()
	if err != nil {
		return ""
	}
	for d := wd; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			s := filepath.Join(filepath.Dir(d), "shared")
			if fi, err := os.Stat(s); err == nil && fi.IsDir() {
				return s
			}
			return ""
		}
		if filepath.Dir(d) == d {
			return ""
		}
	}
}

// Path returns the path of elem inside the shared folder, or "" when the
// shared folder or that path is missing.
func Path(elem ...string) string {
	d := Dir()
	if d == "" {
		return ""
	}
	p := filepath.Join(append([]string{d}, elem...)...)
	if _, err := os.Stat(p); err != nil {
		return ""
	}
	return p
}

// Require returns the path of elem inside the shared folder, or skips the
// test with a message naming what is missing.
func Require(tb testing.TB, elem ...string) string {
	tb.Helper()
	p := Path(elem...)
	if p == "" {
		tb.Skipf("skipping: %s not found (the shared folder ../shared beside the repository, or $CROSSCHECK_SHARED, holds the seeds and data sets)", filepath.Join(elem...))
	}
	return p
}
