// Package migrate plans the schema migrations of both stores: the embedded
// migrations/*.sql files a database has not applied yet, in name order.
package migrate

import (
	"io/fs"
	"path"
	"slices"

	"github.com/crosscheck-news/crosscheck/internal/news"
)

// Migration is one migration file to apply.
type Migration struct {
	Name string // the file name, as schema_migrations records it
	Body string // its SQL
}

// Pending returns the migrations of fsys (migrations/*.sql) that applied
// (the names a database records) lacks, in name order. It returns
// ECONFLICT when applied holds one fsys does not: the database was written
// by a newer crosscheck, whose schema this one may damage.
func Pending(fsys fs.FS, applied []string) ([]Migration, error) {
	files, err := fs.Glob(fsys, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	slices.Sort(files)
	names := make([]string, len(files))
	for i, f := range files {
		names[i] = path.Base(f)
	}
	for _, n := range applied {
		if !slices.Contains(names, n) {
			return nil, news.Errorf(news.ECONFLICT, "the database records migration %s, which this version of crosscheck does not know: it was written by a newer version; use that version or a new database", n)
		}
	}
	var out []Migration
	for i, n := range names {
		if slices.Contains(applied, n) {
			continue
		}
		body, err := fs.ReadFile(fsys, files[i])
		if err != nil {
			return nil, err
		}
		out = append(out, Migration{Name: n, Body: string(body)})
	}
	return out, nil
}
