package postgres

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/crosscheck-news/crosscheck/internal/news"
	"github.com/crosscheck-news/crosscheck/internal/store/internal/articlerow"
)

// batchLock is the advisory lock key batch inserts take in turn.
const batchLock = 0x62617463 // "batc"

// batchSize is the number of articles CreateArticles stores per
// transaction.
const batchSize = 500

// CreateArticles stores many articles as CreateArticle stores each in turn,
// with one multi-row INSERT per round instead of one per article:
// created[i] says whether arts[i] was new, and every article gets its ID,
// the stored article's for a duplicate (also of an earlier article of the
// same call). Validation comes first: if any article is invalid it returns
// EINVALID, and if one names an unknown story ENOTFOUND, storing nothing.
// See news.ArticleBatchCreator.
func (s *Store) CreateArticles(ctx context.Context, arts []*news.Article) ([]bool, error) {
	rows, err := articlerow.EncodeAll(arts)
	if err != nil {
		return nil, err
	}
	if err := s.checkStories(ctx, arts...); err != nil {
		return nil, err
	}
	created := make([]bool, len(arts))
	now := truncTime(s.Now())
	for start := 0; start < len(arts); start += batchSize {
		end := min(start+batchSize, len(arts))
		b := &batch{arts: arts[start:end], rows: rows[start:end], created: created[start:end], ids: make([]int64, end-start), now: now}
		if err := s.createBatch(ctx, b); err != nil {
			return nil, err
		}
		for i, a := range b.arts {
			a.ID = b.ids[i]
			if b.created[i] {
				a.IngestedAt = now
			}
		}
	}
	return created, nil
}

// batch is one transaction's worth of CreateArticles.
type batch struct {
	arts    []*news.Article
	rows    []articlerow.Row
	created []bool
	ids     []int64
	now     time.Time
}

// createBatch stores b in one transaction so that its result is the one
// storing the articles one by one would give. It inserts in rounds: a
// round takes, in order, every pending article that shares neither content
// hash nor canonical URL with an earlier pending one (those depend on
// whether that earlier one gets stored, so they wait for the next round),
// and inserts them in one statement with ON CONFLICT DO NOTHING. Almost
// every batch needs one round. The articles not stored then get the lowest
// ID among the stored articles that share their hash or URL, which is the
// one CreateArticle would have found: the others were stored later.
func (s *Store) createBatch(ctx context.Context, b *batch) error {
	clear(b.created)
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback()
	// Batches take turns: two inserting the same articles in different
	// orders would otherwise deadlock on the unique indexes, and retrying
	// after PostgreSQL's deadlock timeout (1 s) failed under load. A batch
	// is one statement per round, so the turn is short.
	if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, batchLock); err != nil {
		return fmt.Errorf("wait for the batch lock: %w", err)
	}
	pending := make([]int, len(b.arts))
	for i := range pending {
		pending[i] = i
	}
	for len(pending) > 0 {
		var round, wait []int
		hashes, urls := map[string]bool{}, map[string]bool{}
		for _, i := range pending {
			a := b.arts[i]
			if !hashes[a.ContentHash] && (a.CanonicalURL == "" || !urls[a.CanonicalURL]) {
				round = append(round, i)
			} else {
				wait = append(wait, i)
			}
			hashes[a.ContentHash] = true
			if a.CanonicalURL != "" {
				urls[a.CanonicalURL] = true
			}
		}
		if err := s.insertRound(ctx, tx, b, round); err != nil {
			return err
		}
		pending = wait
	}
	if err := resolveDuplicates(ctx, tx, b); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit articles: %w", err)
	}
	return nil
}

// insertRound inserts the articles b.arts[i] for i in round, which share no
// hash or URL, in their order, and marks those stored.
func (s *Store) insertRound(ctx context.Context, tx *sql.Tx, b *batch, round []int) error {
	n := len(round)
	var (
		sourcePath, url, outlet, siteName, title, byline = make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
		credits, lang, text, sentences, hash, terms      = make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
		canonical                                        = make([]*string, n)
		published                                        = make([]*time.Time, n)
		story                                            = make([]*int64, n)
	)
	byHash := make(map[string]int, n)
	for k, i := range round {
		a, r := b.arts[i], b.rows[i]
		sourcePath[k], url[k], canonical[k], outlet[k], siteName[k] = a.SourcePath, a.URL, nullString(a.CanonicalURL), a.Outlet, a.SiteName
		title[k], byline[k], credits[k], published[k], lang[k] = a.Title, a.Byline, r.Credits, nullTime(a.Published), a.Lang
		text[k], sentences[k], hash[k], story[k], terms[k] = a.Text, r.Sentences, a.ContentHash, nullID(a.StoryID), r.Terms
		byHash[a.ContentHash] = i
	}
	// unnest zips the arrays into rows; WITH ORDINALITY and ORDER BY keep
	// the batch order, so IDs grow with it as they would one by one.
	rows, err := tx.QueryContext(ctx, `INSERT INTO articles (`+insertColumns+`)
		SELECT r.source_path, r.url, r.canonical_url, r.outlet, r.site_name, r.title, r.byline, r.credits,
			r.published, r.lang, r.text, r.sentences, r.content_hash, r.story_id, $15, `+searchExpr("r.terms")+`
		FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
			$9::timestamptz[], $10::text[], $11::text[], $12::text[], $13::text[], $14::bigint[], $16::text[])
			WITH ORDINALITY AS r(source_path, url, canonical_url, outlet, site_name, title, byline, credits,
				published, lang, text, sentences, content_hash, story_id, terms, ord)
		ORDER BY r.ord
		ON CONFLICT DO NOTHING RETURNING id, content_hash`,
		sourcePath, url, canonical, outlet, siteName, title, byline, credits,
		published, lang, text, sentences, hash, story, b.now, terms)
	if err != nil {
		if isForeignKeyViolation(err) {
			return news.Errorf(news.ENOTFOUND, "a story of the batch was deleted: %w", err)
		}
		return fmt.Errorf("insert articles: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var h string
		if err := rows.Scan(&id, &h); err != nil {
			return fmt.Errorf("insert articles: %w", err)
		}
		i := byHash[h]
		b.created[i], b.ids[i] = true, id
	}
	if err := rows.Err(); err != nil {
		if isForeignKeyViolation(err) {
			return news.Errorf(news.ENOTFOUND, "a story of the batch was deleted: %w", err)
		}
		return fmt.Errorf("insert articles: %w", err)
	}
	return nil
}

// resolveDuplicates gives every article of b that was not stored the
// lowest ID among the stored articles sharing its hash or canonical URL.
func resolveDuplicates(ctx context.Context, tx *sql.Tx, b *batch) error {
	var hashes, urls []string
	for i, a := range b.arts {
		if !b.created[i] {
			hashes = append(hashes, a.ContentHash)
			if a.CanonicalURL != "" {
				urls = append(urls, a.CanonicalURL)
			}
		}
	}
	if len(hashes) == 0 {
		return nil
	}
	rows, err := tx.QueryContext(ctx, `SELECT id, content_hash, COALESCE(canonical_url, '') FROM articles
		WHERE content_hash = ANY($1::text[]) OR canonical_url = ANY($2::text[])`, hashes, urls)
	if err != nil {
		return fmt.Errorf("find duplicates: %w", err)
	}
	defer rows.Close()
	byHash, byURL := map[string]int64{}, map[string]int64{}
	lower := func(m map[string]int64, k string, id int64) {
		if old, ok := m[k]; !ok || id < old {
			m[k] = id
		}
	}
	for rows.Next() {
		var id int64
		var h, u string
		if err := rows.Scan(&id, &h, &u); err != nil {
			return fmt.Errorf("find duplicates: %w", err)
		}
		lower(byHash, h, id)
		if u != "" {
			lower(byURL, u, id)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("find duplicates: %w", err)
	}
	for i, a := range b.arts {
		if b.created[i] {
			continue
		}
		id, ok := byHash[a.ContentHash]
		if u, found := byURL[a.CanonicalURL]; a.CanonicalURL != "" && found && (!ok || u < id) {
			id, ok = u, true
		}
		if !ok {
			return fmt.Errorf("article %q was neither stored nor found", a.ContentHash)
		}
		b.ids[i] = id
	}
	return nil
}
