package postgres

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"

	"github.com/crosscheck-news/crosscheck/internal/news"
)

// CreateStory stores a new story.
func (s *Store) CreateStory(ctx context.Context, st *news.Story) error {
	now := s.Now().UTC().Truncate(1000)
	if err := s.db.QueryRowContext(ctx, `INSERT INTO stories (title, state, created_at, updated_at) VALUES ($1, $2, $3, $3) RETURNING id`,
		st.Title, st.State, now).Scan(&st.ID); err != nil {
		return fmt.Errorf("insert story: %w", err)
	}
	st.CreatedAt, st.UpdatedAt = now, now
	return nil
}

// UpdateStory saves a story's title and state.
func (s *Store) UpdateStory(ctx context.Context, st *news.Story) error {
	now := s.Now().UTC().Truncate(1000)
	res, err := s.db.ExecContext(ctx, `UPDATE stories SET title = $1, state = $2, updated_at = $3 WHERE id = $4`, st.Title, st.State, now, st.ID)
	if err != nil {
		return fmt.Errorf("update story %d: %w", st.ID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return news.Errorf(news.ENOTFOUND, "story %d not found", st.ID)
	}
	st.UpdatedAt = now
	return nil
}

// FindStoryByID returns one story with its derived fields.
func (s *Store) FindStoryByID(ctx context.Context, id int64) (*news.Story, error) {
	out, _, err := s.FindStories(ctx, news.StoryFilter{ID: &id})
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, news.Errorf(news.ENOTFOUND, "story %d not found", id)
	}
	return out[0], nil
}

// lastSeen is a story's last publication time, or its last ingestion time
// when none of its articles has one.
const lastSeen = `COALESCE(MAX(a.published), MAX(a.ingested_at))`

const storySelect = `SELECT s.id, s.title, s.state, s.created_at, s.updated_at,
	COUNT(a.id), COALESCE(MIN(a.published), MIN(a.ingested_at)), ` + lastSeen + `,
	COALESCE((SELECT MAX(risk) FROM analyses WHERE story_id = s.id), 0),
	COALESCE(string_agg(DISTINCT NULLIF(a.outlet, ''), ','), ''), COALESCE(string_agg(DISTINCT NULLIF(a.lang, ''), ','), '')
	FROM stories s LEFT JOIN articles a ON a.story_id = s.id`

// FindStories returns the matching stories, most recently active first.
func (s *Store) FindStories(ctx context.Context, f news.StoryFilter) ([]*news.Story, int, error) {
	w := &where{}
	if f.ID != nil {
		w.add("s.id = ?", *f.ID)
	}
	if f.Outlet != nil {
		w.add("s.id IN (SELECT story_id FROM articles WHERE outlet = ?)", *f.Outlet)
	}
	if f.Lang != nil {
		w.add("s.id IN (SELECT story_id FROM articles WHERE lang = ?)", *f.Lang)
	}
	h := &where{args: w.args}
	if f.MinRisk != nil {
		h.add("COALESCE((SELECT MAX(risk) FROM analyses WHERE story_id = s.id), 0) >= ?", *f.MinRisk)
	}
	if f.Since != nil {
		h.add(lastSeen+" >= ?", f.Since.UTC())
	}
	if f.Until != nil {
		h.add(lastSeen+" < ?", f.Until.UTC())
	}
	q := storySelect + ` WHERE ` + w.sql() + ` GROUP BY s.id`
	if len(h.conds) > 0 {
		q += ` HAVING ` + h.sql()
	}
	args := h.args
	var total int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM (`+q+`) t`, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count stories: %w", err)
	}
	q += ` ORDER BY ` + lastSeen + ` DESC NULLS LAST, s.id DESC`
	if f.Limit > 0 {
		q += fmt.Sprintf(" LIMIT %d", f.Limit)
	}
	if f.Offset > 0 {
		q += fmt.Sprintf(" OFFSET %d", f.Offset)
	}
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("find stories: %w", err)
	}
	defer rows.Close()
	out := []*news.Story{}
	for rows.Next() {
		var st news.Story
		var first, last sql.NullTime
		var outlets, langs string
		if err := rows.Scan(&st.ID, &st.Title, &st.State, &st.CreatedAt, &st.UpdatedAt, &st.ArticleCount, &first, &last, &st.MaxRisk, &outlets, &langs); err != nil {
			return nil, 0, err
		}
		st.CreatedAt, st.UpdatedAt = st.CreatedAt.UTC(), st.UpdatedAt.UTC()
		if first.Valid {
			st.FirstSeen = first.Time.UTC()
		}
		if last.Valid {
			st.LastSeen = last.Time.UTC()
		}
		st.Outlets, st.Langs = splitSorted(outlets), splitSorted(langs)
		out = append(out, &st)
	}
	return out, total, rows.Err()
}

func splitSorted(s string) []string {
	if s == "" {
		return nil
	}
	out := strings.Split(s, ",")
	sort.Strings(out)
	return out
}

// PruneStories deletes stories without articles.
func (s *Store) PruneStories(ctx context.Context) (int, error) {
	res, err := s.db.ExecContext(ctx, `DELETE FROM stories s WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.story_id = s.id)`)
	if err != nil {
		return 0, fmt.Errorf("prune stories: %w", err)
	}
	n, err := res.RowsAffected()
	return int(n), err
}
