package engine_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/crosscheck-news/crosscheck/internal/news"
	"github.com/crosscheck-news/crosscheck/internal/text"
)

// TestEmptyStoryOfAStoppedProcessPruned: a process that dies between
// creating a story and putting its first article in it leaves an empty
// story; the next process's first batch deletes it under the assigner
// lock, and keeps the stories that hold articles.
func TestEmptyStoryOfAStoppedProcessPruned(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "orphan.db")
	first, st := openDefault(t, path)
	body := "A container crane collapsed at the port of Meridian on Tuesday, injuring two dock workers, the harbour authority said."
	a := &news.Article{Title: "Crane collapses at Meridian port", Text: body, ContentHash: body, Sentences: text.Sentences(body), Published: time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)}
	if _, err := first.Add(ctx, a); err != nil {
		t.Fatal(err)
	}
	if err := first.Flush(ctx, nil); err != nil {
		t.Fatal(err)
	}
	// What a killed process leaves: a story, no article in it.
	orphan := &news.Story{Title: "Half-made story"}
	if err := st.CreateStory(ctx, orphan); err != nil {
		t.Fatal(err)
	}
	second, st2 := openDefault(t, path)
	body2 := "The city council of Harwick approved a new bus concession on Wednesday after a long debate."
	b := &news.Article{Title: "Harwick bus concession approved", Text: body2, ContentHash: body2, Sentences: text.Sentences(body2), Published: time.Date(2026, 3, 11, 9, 0, 0, 0, time.UTC)}
	if _, err := second.Add(ctx, b); err != nil {
		t.Fatal(err)
	}
	if err := second.Flush(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := st2.FindStoryByID(ctx, orphan.ID); news.ErrorCode(err) != news.ENOTFOUND {
		t.Errorf("the empty story %d is still there: %v", orphan.ID, err)
	}
	for _, x := range []*news.Article{a, b} {
		got, err := st2.FindArticleByID(ctx, x.ID)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st2.FindStoryByID(ctx, got.StoryID); err != nil {
			t.Errorf("article %d's story %d: %v", x.ID, got.StoryID, err)
		}
	}
}
