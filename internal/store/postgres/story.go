package postgres

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/crosscheck-news/crosscheck/internal/news"
	"github.com/crosscheck-news/crosscheck/internal/store/internal/changes"
	"github.com/crosscheck-news/crosscheck/internal/store/internal/rowscan"
	"github.com/crosscheck-news/crosscheck/internal/store/internal/storysql"
)

// CreateStory stores a new story and sets its ID and timestamps.
func (s *Store) CreateStory(ctx context.Context, st *news.Story) error {
	now := truncTime(s.Now())
	if err := s.db.QueryRowContext(ctx, `INSERT INTO stories (title, state, created_at, updated_at)
		VALUES ($1, $2, $3, $3) RETURNING id`, st.Title, st.State, now).Scan(&st.ID); err != nil {
		return fmt.Errorf("insert story: %w", err)
	}
	st.CreatedAt, st.UpdatedAt = now, now
	return nil
}

// UpdateStory saves the story's Title and State and sets UpdatedAt.
// Returns ENOTFOUND if it does not exist.
func (s *Store) UpdateStory(ctx context.Context, st *news.Story) error {
	now := truncTime(s.Now())
	res, err := s.db.ExecContext(ctx, `UPDATE stories SET title = $1, state = $2, updated_at = $3, change = nextval('story_changes') WHERE id = $4`,
		st.Title, st.State, now, st.ID)
	if err := rowscan.Changed(res, err, "update story", "story", st.ID); err != nil {
		return err
	}
	st.UpdatedAt = now
	return nil
}

// AssignArticle puts an article in a story and saves the story's state,
// and title when the stored one is empty, in one transaction. Returns
// ENOTFOUND if the article or the story does not exist.
func (s *Store) AssignArticle(ctx context.Context, articleID, storyID int64, state []byte, title string) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback()
	if err := setArticleStory(ctx, tx, articleID, storyID); err != nil {
		return err
	}
	res, err := tx.ExecContext(ctx, `UPDATE stories SET title = CASE title WHEN '' THEN $1 ELSE title END, state = $2,
		updated_at = $3, change = nextval('story_changes') WHERE id = $4`, title, state, truncTime(s.Now()), storyID)
	if err := rowscan.Changed(res, err, "save state of story", "story", storyID); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit the story of article %d: %w", articleID, err)
	}
	return nil
}

// FindStoryByID returns the story with its derived fields. Returns
// ENOTFOUND if it does not exist.
//
// It is one query, with no count and no transaction: the engine calls it
// for every story it analyses.
func (s *Store) FindStoryByID(ctx context.Context, id int64) (*news.Story, error) {
	rows, err := s.db.QueryContext(ctx, storySelect+` WHERE s.id = $1 GROUP BY s.id`, id)
	return rowscan.One(rows, err, scanStory, "find story", "story", id)
}

// The fragments both stores share.
const (
	seen    = storysql.Seen
	span    = storysql.Span
	maxRisk = storysql.MaxRisk
)

// storySelect derives a story's fields from its articles on every read.
const storySelect = `SELECT s.id, s.title, s.state, s.created_at, s.updated_at,
	COUNT(a.id), ` + span + `, ` + maxRisk + `,
	json_agg(DISTINCT NULLIF(a.outlet, ''))::text, json_agg(DISTINCT NULLIF(a.lang, ''))::text
	FROM stories s LEFT JOIN articles a ON a.story_id = s.id`

// FindStories returns the matching stories, most recently active first
// (the latest LastSeen, then the highest ID; stories without articles
// last), and the number of matches ignoring Offset and Limit. Both come
// from one snapshot of the database.
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
	// The HAVING conditions number their placeholders after WHERE's.
	h := &where{args: w.args}
	if f.MinRisk != nil {
		h.add(maxRisk+" >= ?", *f.MinRisk)
	}
	if f.Since != nil {
		h.add("MAX("+seen+") >= ?", f.Since.UTC())
	}
	if f.Until != nil {
		h.add("MAX("+seen+") < ?", f.Until.UTC())
	}
	if f.NonEmpty {
		h.add("COUNT(a.id) > 0")
	}
	q := storySelect + ` WHERE ` + w.sql() + ` GROUP BY s.id HAVING ` + h.sql()
	tx, err := s.db.BeginTx(ctx, readOnly)
	if err != nil {
		return nil, 0, fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback()
	var total int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM (`+q+`) AS t`, h.args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count stories: %w", err)
	}
	limit, offset := page(f.Limit, f.Offset)
	q += ` ORDER BY MAX(` + seen + `) DESC NULLS LAST, s.id DESC LIMIT ` + h.next(limit) + ` OFFSET ` + h.next(offset)
	rows, err := tx.QueryContext(ctx, q, h.args...)
	if err != nil {
		return nil, 0, fmt.Errorf("find stories: %w", err)
	}
	out, err := rowscan.All(rows, scanStory)
	if err != nil {
		return nil, 0, fmt.Errorf("find stories: %w", err)
	}
	return out, total, nil
}

func scanStory(rows rowscan.Scanner) (*news.Story, error) {
	var st news.Story
	var first, last sql.NullTime
	var outlets, langs string
	var dated int
	if err := rows.Scan(&st.ID, &st.Title, &st.State, &st.CreatedAt, &st.UpdatedAt, &st.ArticleCount, &first, &last, &dated,
		&st.MaxRisk, &outlets, &langs); err != nil {
		return nil, err
	}
	if len(st.State) == 0 {
		st.State = nil
	}
	st.CreatedAt, st.UpdatedAt = st.CreatedAt.UTC(), st.UpdatedAt.UTC()
	if first.Valid {
		st.FirstSeen, st.LastSeen = first.Time.UTC(), last.Time.UTC()
		st.Undated = dated == 0
	}
	if err := storysql.SetLists(&st, outlets, langs); err != nil {
		return nil, err
	}
	return &st, nil
}

// PruneStories deletes the stories that have no articles and returns how
// many it deleted. Their IDs are never handed out again.
func (s *Store) PruneStories(ctx context.Context) (int, error) {
	res, err := s.db.ExecContext(ctx, `DELETE FROM stories s WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.story_id = s.id)`)
	if err != nil {
		return 0, fmt.Errorf("prune stories: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("prune stories: %w", err)
	}
	return int(n), nil
}

// StoriesChangedSince implements news.StoryChanges.
func (s *Store) StoriesChangedSince(ctx context.Context, after int64) (map[int64][]byte, int64, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, state, change FROM stories WHERE change > $1 AND state IS NOT NULL`, after)
	if err != nil {
		return nil, after, fmt.Errorf("stories changed since %d: %w", after, err)
	}
	return changes.Scan(rows, after)
}

// LastStoryChange implements news.StoryChanges.
func (s *Store) LastStoryChange(ctx context.Context) (int64, error) {
	var n int64
	if err := s.db.QueryRowContext(ctx, `SELECT COALESCE(MAX(change), 0) FROM stories`).Scan(&n); err != nil {
		return 0, fmt.Errorf("last story change: %w", err)
	}
	return n, nil
}

var _ news.StoryChanges = (*Store)(nil)
