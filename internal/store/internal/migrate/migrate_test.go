package migrate

import (
	"testing"
	"testing/fstest"

	"github.com/crosscheck-news/crosscheck/internal/news"
)

func TestPending(t *testing.T) {
	fsys := fstest.MapFS{
		"migrations/0002_b.sql": {Data: []byte("B")},
		"migrations/0001_a.sql": {Data: []byte("A")},
		"migrations/0003_c.sql": {Data: []byte("C")},
		"migrations/notes.txt":  {Data: []byte("not a migration")},
	}
	got, err := Pending(fsys, []string{"0002_b.sql"})
	if err != nil || len(got) != 2 || got[0] != (Migration{"0001_a.sql", "A"}) || got[1] != (Migration{"0003_c.sql", "C"}) {
		t.Fatalf("Pending = %+v, %v; want 0001 and 0003 in order", got, err)
	}
	if got, err := Pending(fsys, []string{"0001_a.sql", "0002_b.sql", "0003_c.sql"}); err != nil || len(got) != 0 {
		t.Fatalf("all applied: %+v, %v", got, err)
	}
	if _, err := Pending(fsys, []string{"0001_a.sql", "0004_newer.sql"}); news.ErrorCode(err) != news.ECONFLICT {
		t.Fatalf("a migration this version does not know: %v, want ECONFLICT", err)
	}
}
