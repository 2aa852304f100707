//go:build unix

package ingest_test

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/crosscheck-news/crosscheck/internal/ingest"
)

// TestSpecialFiles: in a directory, a named pipe and a link to a device
// are reported and skipped (one would block the batch, the other never
// ends); a device named on the command line is read up to --max-bytes.
func TestSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "good.txt", "The library bake sale raised 400 euros on Saturday.")
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe.txt"), 0o644); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
	if err := os.Symlink("/dev/zero", filepath.Join(dir, "zero.txt")); err != nil {
		t.Fatal(err)
	}
	ok, bad := read(t, ingest.Options{}, dir)
	if len(ok) != 1 || len(bad) != 2 {
		t.Fatalf("got %d articles and failures %v, want 1 and 2", len(ok), bad)
	}
	for i, name := range []string{"pipe.txt", "zero.txt"} {
		if msg := bad[i].Err.Error(); !strings.Contains(msg, name) || !strings.Contains(msg, "not a regular file") {
			t.Errorf("failure %d = %q, want %s named as not a regular file", i, msg, name)
		}
	}
	_, bad = read(t, ingest.Options{MaxBytes: 1000}, "/dev/zero")
	if len(bad) != 1 || !strings.Contains(bad[0].Err.Error(), "over the 1000-byte input limit") {
		t.Fatalf("/dev/zero: failures %v, want the input limit", bad)
	}
}
