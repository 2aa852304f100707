// Package rowscan reads the query results both stores read alike:
// single-column lists of IDs and names, and the rows a write changed.
package rowscan

import (
	"database/sql"
	"fmt"

	"github.com/crosscheck-news/crosscheck/internal/news"
)

// Column scans rows of one column into a slice and closes rows.
func Column[T any](rows *sql.Rows) ([]T, error) {
	defer rows.Close()
	var out []T
	for rows.Next() {
		var v T
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// Changed checks the result of a statement that must change the row of
// kind ("story", "article") id: the statement's error wrapped with what it
// did ("update story"), or ENOTFOUND when it changed no row.
func Changed(res sql.Result, err error, what, kind string, id int64) error {
	var n int64
	if err == nil {
		n, err = res.RowsAffected()
	}
	if err != nil {
		return fmt.Errorf("%s %d: %w", what, id, err)
	}
	if n == 0 {
		return news.Errorf(news.ENOTFOUND, "%s %d not found", kind, id)
	}
	return nil
}
