// Package changes reads the rows of a story-changes query, which both
// stores run in their own SQL dialect (news.StoryChanges).
package changes

import (
	"database/sql"
	"fmt"
)

// Scan reads rows of (id, state, change) and returns the states by story
// ID and the largest change number, after if there is none. It closes
// rows.
func Scan(rows *sql.Rows, after int64) (map[int64][]byte, int64, error) {
	defer rows.Close()
	out := map[int64][]byte{}
	last := after
	for rows.Next() {
		var id, change int64
		var state []byte
		if err := rows.Scan(&id, &state, &change); err != nil {
			return nil, after, fmt.Errorf("stories changed since %d: %w", after, err)
		}
		out[id] = state
		last = max(last, change)
	}
	if err := rows.Err(); err != nil {
		return nil, after, fmt.Errorf("stories changed since %d: %w", after, err)
	}
	return out, last, nil
}
