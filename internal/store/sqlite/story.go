package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/crosscheck-news/crosscheck/internal/news"
	"github.com/crosscheck-news/crosscheck/internal/store/internal/changes"
	"github.com/crosscheck-news/crosscheck/internal/store/internal/rowscan"
	"github.com/crosscheck-news/crosscheck/internal/store/internal/storysql"
)

// CreateStory stores a new story and sets its ID and timestamps.
func (s *Store) CreateStory(ctx context.Context, st *news.Story) error {
	now := truncTime(s.Now())
	if err := s.q.createStory.QueryRowContext(ctx, st.Title, st.State, formatTime(now), formatTime(now)).Scan(&st.ID); err != nil {
		return fmt.Errorf("insert story: %w", err)
	}
	st.CreatedAt, st.UpdatedAt = now, now
	return nil
}

// UpdateStory saves the story's Title and State and sets UpdatedAt.
// Returns ENOTFOUND if it does not exist.
func (s *Store) UpdateStory(ctx context.Context, st *news.Story) error {
	now := truncTime(s.Now())
	res, err := s.q.updateStory.ExecContext(ctx, st.Title, st.State, formatTime(now), st.ID)
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
	return s.AssignArticles(ctx, []int64{articleID}, []int64{storyID}, []int64{storyID}, [][]byte{state}, []string{title})
}

// AssignArticles records the assignments of a batch in one transaction:
// each article of articleIDs in the story storyOf at the same index, then
// each story of storyIDs with its state, named titles at the same index
// when it has no title; as many AssignArticle calls would, but for one
// state a story. Nothing is recorded when an article or a story is
// missing (ENOTFOUND).
func (s *Store) AssignArticles(ctx context.Context, articleIDs, storyOf, storyIDs []int64, states [][]byte, titles []string) error {
	if len(storyOf) != len(articleIDs) || len(states) != len(storyIDs) || len(titles) != len(storyIDs) {
		return news.Errorf(news.EINVALID, "assign articles: %d articles, %d stories of them, %d stories, %d states, %d titles",
			len(articleIDs), len(storyOf), len(storyIDs), len(states), len(titles))
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback()
	for i, id := range articleIDs {
		if err := s.setArticleStory(ctx, tx, id, storyOf[i]); err != nil {
			return err
		}
	}
	save := tx.StmtContext(ctx, s.q.saveStoryState)
	now := formatTime(s.Now())
	for i, id := range storyIDs {
		res, err := save.ExecContext(ctx, titles[i], states[i], now, id)
		if err := rowscan.Changed(res, err, "save state of story", "story", id); err != nil {
			return err
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit the stories of %d articles: %w", len(articleIDs), err)
	}
	return nil
}

// nextChange is the next story change number: writes hold SQLite's lock,
// so the numbers grow in commit order; the last one is kept in
// story_change_seq (by triggers), so that none is handed out twice, also
// after the story that held it was pruned.
const nextChange = `(SELECT n + 1 FROM story_change_seq)`

// StoriesChangedSince implements news.StoryChanges.
func (s *Store) StoriesChangedSince(ctx context.Context, after int64) (map[int64][]byte, int64, error) {
	rows, err := s.q.changedSince.QueryContext(ctx, after)
	if err != nil {
		return nil, after, fmt.Errorf("stories changed since %d: %w", after, err)
	}
	return changes.Scan(rows, after)
}

// LastStoryChange implements news.StoryChanges.
func (s *Store) LastStoryChange(ctx context.Context) (int64, error) {
	var n int64
	if err := s.q.lastChange.QueryRowContext(ctx).Scan(&n); err != nil {
		return 0, fmt.Errorf("last story change: %w", err)
	}
	return n, nil
}

// FindStoryByID returns the story with its derived fields. Returns
// ENOTFOUND if it does not exist.
//
// It is one query, with no count and no transaction: the engine calls it
// for every story it analyses.
func (s *Store) FindStoryByID(ctx context.Context, id int64) (*news.Story, error) {
	rows, err := s.q.findStory.QueryContext(ctx, id)
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
	json_group_array(DISTINCT NULLIF(a.outlet, '')), json_group_array(DISTINCT NULLIF(a.lang, ''))
	FROM stories s LEFT JOIN articles a ON a.story_id = s.id`

// FindStories returns the matching stories, most recently active first
// (the latest LastSeen, then the highest ID; stories without articles
// last), and the number of matches ignoring Offset and Limit. Both come
// from one snapshot of the database.
func (s *Store) FindStories(ctx context.Context, f news.StoryFilter) ([]*news.Story, int, error) {
	where, having, args := []string{"TRUE"}, []string{"TRUE"}, []any{}
	if f.ID != nil {
		where, args = append(where, "s.id = ?"), append(args, *f.ID)
	}
	if f.Outlet != nil {
		where, args = append(where, "s.id IN (SELECT story_id FROM articles WHERE outlet = ?)"), append(args, *f.Outlet)
	}
	if f.Lang != nil {
		where, args = append(where, "s.id IN (SELECT story_id FROM articles WHERE lang = ?)"), append(args, *f.Lang)
	}
	if f.MinRisk != nil {
		having, args = append(having, maxRisk+" >= ?"), append(args, *f.MinRisk)
	}
	if f.Since != nil {
		having, args = append(having, "MAX("+seen+") >= ?"), append(args, formatTime(*f.Since))
	}
	if f.Until != nil {
		having, args = append(having, "MAX("+seen+") < ?"), append(args, formatTime(*f.Until))
	}
	if f.NonEmpty {
		having = append(having, "COUNT(a.id) > 0")
	}
	q := storySelect + ` WHERE ` + strings.Join(where, " AND ") + ` GROUP BY s.id HAVING ` + strings.Join(having, " AND ")
	tx, err := s.rdb.BeginTx(ctx, nil)
	if err != nil {
		return nil, 0, fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback()
	var total int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM (`+q+`)`, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count stories: %w", err)
	}
	limit, offset := page(f.Limit, f.Offset)
	// SQLite sorts NULL first, so a story without articles comes last.
	rows, err := tx.QueryContext(ctx, q+` ORDER BY MAX(`+seen+`) DESC, s.id DESC LIMIT ? OFFSET ?`,
		append(args, limit, offset)...)
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
	var created, updated, first, last sql.NullString
	var outlets, langs string
	var dated int
	if err := rows.Scan(&st.ID, &st.Title, &st.State, &created, &updated, &st.ArticleCount, &first, &last, &dated,
		&st.MaxRisk, &outlets, &langs); err != nil {
		return nil, err
	}
	if len(st.State) == 0 {
		st.State = nil
	}
	for _, p := range []struct {
		dst *time.Time
		src sql.NullString
	}{{&st.CreatedAt, created}, {&st.UpdatedAt, updated}, {&st.FirstSeen, first}, {&st.LastSeen, last}} {
		t, err := parseTime(p.src)
		if err != nil {
			return nil, err
		}
		*p.dst = t
	}
	st.Undated = first.Valid && dated == 0
	if err := storysql.SetLists(&st, outlets, langs); err != nil {
		return nil, err
	}
	return &st, nil
}

// PruneStories deletes the stories that have no articles and returns how
// many it deleted. Their IDs are never handed out again.
func (s *Store) PruneStories(ctx context.Context) (int, error) {
	res, err := s.db.ExecContext(ctx, `DELETE FROM stories WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.story_id = stories.id)`)
	if err != nil {
		return 0, fmt.Errorf("prune stories: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("prune stories: %w", err)
	}
	return int(n), nil
}

var _ news.StoryChanges = (*Store)(nil)
