// Package rowscan reads single-column query results, which both stores
// return for lists of IDs and names.
package rowscan

import "database/sql"

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
