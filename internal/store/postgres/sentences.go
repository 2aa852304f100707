package postgres

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/crosscheck-news/crosscheck/internal/news"
)

// AddSentences stores sentence hashes in one statement; a hash already
// stored for the same article and place is left as it is. See
// news.SentenceStore.
func (s *Store) AddSentences(ctx context.Context, refs []news.SentenceRef) error {
	if len(refs) == 0 {
		return nil
	}
	hashes := make([]int64, len(refs))
	arts := make([]int64, len(refs))
	starts := make([]int32, len(refs))
	ends := make([]int32, len(refs))
	for i, r := range refs {
		hashes[i], arts[i] = int64(r.Hash), r.ArticleID
		starts[i], ends[i] = int32(r.Span.Start), int32(r.Span.End)
	}
	_, err := s.db.ExecContext(ctx, `INSERT INTO sentences (hash, article_id, span_start, span_end)
		SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::int[], $4::int[]) ON CONFLICT DO NOTHING`,
		hashes, arts, starts, ends)
	if err != nil {
		return fmt.Errorf("add %d sentences: %w", len(refs), err)
	}
	return nil
}

// FindSentences returns the stored sentences with any of the hashes from
// articles clustered into another story than story, with their current
// story and publication time. See news.SentenceStore.
func (s *Store) FindSentences(ctx context.Context, hashes []uint64, story int64) ([]news.SentenceRef, error) {
	if len(hashes) == 0 {
		return nil, nil
	}
	hs := make([]int64, len(hashes))
	for i, h := range hashes {
		hs[i] = int64(h)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT s.hash, s.article_id, s.span_start, s.span_end, a.story_id, a.published
		FROM sentences s JOIN articles a ON a.id = s.article_id
		WHERE s.hash = ANY($1) AND a.story_id IS NOT NULL AND a.story_id <> 0 AND a.story_id <> $2
		ORDER BY s.article_id, s.span_start`, hs, story)
	if err != nil {
		return nil, fmt.Errorf("find sentences: %w", err)
	}
	defer rows.Close()
	var out []news.SentenceRef
	for rows.Next() {
		var r news.SentenceRef
		var h int64
		var pub sql.NullTime
		if err := rows.Scan(&h, &r.ArticleID, &r.Span.Start, &r.Span.End, &r.StoryID, &pub); err != nil {
			return nil, fmt.Errorf("find sentences: %w", err)
		}
		r.Hash = uint64(h)
		if pub.Valid {
			r.Published = pub.Time.UTC()
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

var _ news.SentenceStore = (*Store)(nil)
