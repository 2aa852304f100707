package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/crosscheck-news/crosscheck/internal/news"
)

// CreateStory stores a new story.
func (s *Store) CreateStory(ctx context.Context, st *news.Story) error {
	now := s.Now().UTC()
	res, err := s.db.ExecContext(ctx, `INSERT INTO stories (title, state, created_at, updated_at) VALUES (?, ?, ?, ?)`,
		st.Title, st.State, formatTime(now), formatTime(now))
	if err != nil {
		return fmt.Errorf("insert story: %w", err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return err
	}
	st.ID, st.CreatedAt, st.UpdatedAt = id, now, now
	return nil
}

// UpdateStory saves a story's title and state.
func (s *Store) UpdateStory(ctx context.Context, st *news.Story) error {
	now := s.Now().UTC()
	res, err := s.db.ExecContext(ctx, `UPDATE stories SET title = ?, state = ?, updated_at = ? WHERE id = ?`,
		st.Title, st.State, formatTime(now), st.ID)
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

// storySelect derives a story's counts and times from its articles: the
// article's publication time, or its ingestion time when unknown.
const storySelect = `SELECT s.id, s.title, s.state, s.created_at, s.updated_at,
	COUNT(a.id), COALESCE(MIN(a.published), MIN(a.ingested_at)), COALESCE(MAX(a.published), MAX(a.ingested_at)),
	COALESCE((SELECT MAX(risk) FROM analyses WHERE story_id = s.id), 0),
	COALESCE(GROUP_CONCAT(DISTINCT NULLIF(a.outlet, '')), ''), COALESCE(GROUP_CONCAT(DISTINCT NULLIF(a.lang, '')), '')
	FROM stories s LEFT JOIN articles a ON a.story_id = s.id`

// FindStories returns the matching stories, most recently active first.
func (s *Store) FindStories(ctx context.Context, f news.StoryFilter) ([]*news.Story, int, error) {
	where, args := []string{"1 = 1"}, []any{}
	if f.ID != nil {
		where, args = append(where, "s.id = ?"), append(args, *f.ID)
	}
	if f.Outlet != nil {
		where, args = append(where, "s.id IN (SELECT story_id FROM articles WHERE outlet = ?)"), append(args, *f.Outlet)
	}
	if f.Lang != nil {
		where, args = append(where, "s.id IN (SELECT story_id FROM articles WHERE lang = ?)"), append(args, *f.Lang)
	}
	var having []string
	if f.MinRisk != nil {
		having, args = append(having, "COALESCE((SELECT MAX(risk) FROM analyses WHERE story_id = s.id), 0) >= ?"), append(args, *f.MinRisk)
	}
	if f.Since != nil {
		having, args = append(having, "COALESCE(MAX(a.published), MAX(a.ingested_at)) >= ?"), append(args, formatTime(*f.Since))
	}
	if f.Until != nil {
		having, args = append(having, "COALESCE(MAX(a.published), MAX(a.ingested_at)) < ?"), append(args, formatTime(*f.Until))
	}
	q := storySelect + ` WHERE ` + strings.Join(where, " AND ") + ` GROUP BY s.id`
	if len(having) > 0 {
		q += ` HAVING ` + strings.Join(having, " AND ")
	}
	var total int
	if err := s.rdb.QueryRowContext(ctx, `SELECT COUNT(*) FROM (`+q+`)`, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count stories: %w", err)
	}
	q += ` ORDER BY COALESCE(MAX(a.published), MAX(a.ingested_at)) DESC, s.id DESC`
	if f.Limit > 0 || f.Offset > 0 {
		lim := f.Limit
		if lim <= 0 {
			lim = -1
		}
		q += fmt.Sprintf(" LIMIT %d OFFSET %d", lim, f.Offset)
	}
	rows, err := s.rdb.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("find stories: %w", err)
	}
	defer rows.Close()
	out := []*news.Story{}
	for rows.Next() {
		var st news.Story
		var created, updated, first, last sql.NullString
		var outlets, langs string
		if err := rows.Scan(&st.ID, &st.Title, &st.State, &created, &updated, &st.ArticleCount, &first, &last, &st.MaxRisk, &outlets, &langs); err != nil {
			return nil, 0, err
		}
		for _, p := range []struct {
			dst *time.Time
			src sql.NullString
		}{{&st.CreatedAt, created}, {&st.UpdatedAt, updated}, {&st.FirstSeen, first}, {&st.LastSeen, last}} {
			t, err := parseTime(p.src)
			if err != nil {
				return nil, 0, err
			}
			*p.dst = t
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
	res, err := s.db.ExecContext(ctx, `DELETE FROM stories WHERE id NOT IN (SELECT story_id FROM articles WHERE story_id IS NOT NULL)`)
	if err != nil {
		return 0, fmt.Errorf("prune stories: %w", err)
	}
	n, err := res.RowsAffected()
	return int(n), err
}
