// Package rowscan reads the query results both stores read alike:
// single-column lists of IDs and names, lists and single rows of stored
// things, analyses, and the rows a write changed.
package rowscan

import (
	"database/sql"
	"encoding/json"
	"errors"
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

// Scanner is a row to scan: *sql.Row or *sql.Rows.
type Scanner interface{ Scan(dest ...any) error }

// All scans every row with scan and closes rows. It returns an empty
// slice, not nil, when there are no rows.
func All[T any](rows *sql.Rows, scan func(Scanner) (T, error)) ([]T, error) {
	defer rows.Close()
	out := []T{}
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// One scans the row of kind ("story") id that a query by ID returned
// (rows, err) and closes rows: errors wrapped with what it did ("find
// story"), or ENOTFOUND when there is no row.
func One[T any](rows *sql.Rows, err error, scan func(Scanner) (T, error), what, kind string, id int64) (T, error) {
	var zero T
	if err != nil {
		return zero, fmt.Errorf("%s %d: %w", what, id, err)
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return zero, fmt.Errorf("%s %d: %w", what, id, err)
		}
		return zero, news.Errorf(news.ENOTFOUND, "%s %d not found", kind, id)
	}
	v, err := scan(rows)
	if err != nil {
		return zero, fmt.Errorf("%s %d: %w", what, id, err)
	}
	return v, rows.Close()
}

// Analysis reads the analysis of article articleID that row (its body
// column) holds. Returns ENOTFOUND when there is none.
func Analysis(row *sql.Row, articleID int64) (*news.Analysis, error) {
	var body string
	err := row.Scan(&body)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, news.Errorf(news.ENOTFOUND, "article %d has no analysis", articleID)
	}
	if err != nil {
		return nil, fmt.Errorf("find analysis of article %d: %w", articleID, err)
	}
	var a news.Analysis
	if err := json.Unmarshal([]byte(body), &a); err != nil {
		return nil, fmt.Errorf("decode analysis of article %d: %w", articleID, err)
	}
	return &a, nil
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
