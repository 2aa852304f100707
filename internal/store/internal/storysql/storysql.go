// Package storysql holds the SQL fragments that derive a story's fields
// from its articles, the same in both stores' dialects, and decodes the
// lists they select.
package storysql

import (
	"encoding/json"
	"fmt"
	"slices"

	"github.com/crosscheck-news/crosscheck/internal/news"
)

// Seen is an article's time on the story timeline: its publication time,
// or its ingestion time when it has none. Filters and the order of
// stories use it: the latest activity.
const Seen = `COALESCE(a.published, a.ingested_at)`

// Span is the story's first and last times as shown: those of its dated
// articles, the ingestion times only when none is dated (an undated copy
// stored today does not stretch a story of last March to today), then
// the number of its dated articles (none: the times are ingestion times).
const Span = `COALESCE(MIN(a.published), MIN(a.ingested_at)), COALESCE(MAX(a.published), MAX(a.ingested_at)), COUNT(a.published)`

// MaxRisk is the highest report risk among the articles the story holds
// now (not the story an analysis was written for, which re-clustering may
// have changed). The story table is aliased s.
const MaxRisk = `COALESCE((SELECT MAX(an.risk) FROM articles a2 JOIN analyses an ON an.article_id = a2.id
	WHERE a2.story_id = s.id), 0)`

// SetLists sets st's outlets and languages from the JSON arrays of its
// articles' values that a story query selects (see distinct).
func SetLists(st *news.Story, outlets, langs string) error {
	var err error
	if st.Outlets, err = distinct(outlets); err != nil {
		return fmt.Errorf("story %d outlets: %w", st.ID, err)
	}
	if st.Langs, err = distinct(langs); err != nil {
		return fmt.Errorf("story %d languages: %w", st.ID, err)
	}
	return nil
}

// distinct decodes a JSON array of the story's articles' values of one
// column (outlets, languages; null where an article has none) into its
// distinct values, sorted; nil when there are none.
func distinct(js string) ([]string, error) {
	var vals []*string
	if err := json.Unmarshal([]byte(js), &vals); err != nil {
		return nil, err
	}
	var out []string
	for _, v := range vals {
		if v != nil && !slices.Contains(out, *v) {
			out = append(out, *v)
		}
	}
	slices.Sort(out)
	return out, nil
}
