package storetest

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/crosscheck-news/crosscheck/internal/news"
)

// RunFeeds runs the news.FeedStore conformance tests on the stores open
// returns. It fails if a store does not implement news.FeedStore.
func RunFeeds(t *testing.T, open func(t *testing.T) news.Store) {
	run(t, open, asFeedStore, []test[news.FeedStore]{
		{"FeedAdd", testFeedAdd},
		{"FeedInvalid", testFeedInvalid},
		{"FeedUpdateDelete", testFeedUpdateDelete},
		{"FeedClaim", testFeedClaim},
		{"FeedClaimConcurrent", testFeedClaimConcurrent},
	})
}

func asFeedStore(t *testing.T, s news.Store) news.FeedStore {
	fs, ok := s.(news.FeedStore)
	if !ok {
		t.Fatalf("%T does not implement news.FeedStore", s)
	}
	return fs
}

func addFeed(t *testing.T, s news.FeedStore, f *news.Feed) *news.Feed {
	t.Helper()
	created, err := s.AddFeed(context.Background(), f)
	if err != nil || !created {
		t.Fatalf("AddFeed(%s) = %v, %v; want created", f.URL, created, err)
	}
	return f
}

func testFeedAdd(t *testing.T, s news.FeedStore) {
	ctx := context.Background()
	f := addFeed(t, s, &news.Feed{URL: "HTTPS://News.Example.COM:443/rss?section=world#top"})
	if got, want := f.URL, "https://news.example.com/rss?section=world"; got != want {
		t.Errorf("URL = %q, want %q", got, want)
	}
	if f.ID == 0 || f.CreatedAt.IsZero() || f.NextPollAt.IsZero() || f.Interval != news.DefaultFeedInterval {
		t.Errorf("new feed lacks ID, CreatedAt, NextPollAt or the default interval: %+v", f)
	}
	if f.NextPollAt.After(f.CreatedAt) {
		t.Errorf("a new feed is due at %v, after it was added at %v; want due at once", f.NextPollAt, f.CreatedAt)
	}
	// The same feed by another spelling is not added twice.
	again := &news.Feed{URL: "https://news.example.com/rss?section=world", Interval: time.Hour}
	created, err := s.AddFeed(ctx, again)
	if err != nil || created {
		t.Fatalf("AddFeed of a stored URL = %v, %v; want not created", created, err)
	}
	if diff := cmp.Diff(f, again); diff != "" {
		t.Errorf("AddFeed of a stored URL did not return the stored feed (-stored +got):\n%s", diff)
	}
	for raw, want := range map[string]string{
		"HTTP://Example.com:80":            "http://example.com/",
		"http://[::1]:8080?b=2&a=1":        "http://[::1]:8080/?b=2&a=1",
		"https://www.example.com/feed/#it": "https://www.example.com/feed/",
	} {
		g := addFeed(t, s, &news.Feed{URL: raw})
		if g.URL != want {
			t.Errorf("AddFeed(%q) stored URL %q, want %q", raw, g.URL, want)
		}
		if err := s.DeleteFeed(ctx, g.ID); err != nil {
			t.Fatal(err)
		}
	}
	// Another query is another feed.
	other := addFeed(t, s, &news.Feed{URL: "https://news.example.com/rss?section=sport", Interval: 90 * time.Second, NextPollAt: day})
	feeds, err := s.FindFeeds(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]*news.Feed{f, other}, feeds); diff != "" {
		t.Errorf("FindFeeds (-want +got):\n%s", diff)
	}
}

func testFeedInvalid(t *testing.T, s news.FeedStore) {
	ctx := context.Background()
	for _, f := range []*news.Feed{
		{URL: ""},
		{URL: "news.example.com/rss"},
		{URL: "ftp://news.example.com/rss"},
		{URL: "https://user:pw@news.example.com/rss"},
		{URL: "https://news.example.com/rss", Title: "bad\x00title"},
		{URL: "https://news.example.com/rss", Title: "bad \xff title"},
		{URL: "https://news.example.com/rss", Interval: -time.Second},
	} {
		if _, err := s.AddFeed(ctx, f); news.ErrorCode(err) != news.EINVALID {
			t.Errorf("AddFeed(%+v) = %v, want EINVALID", f, err)
		}
	}
	feeds, err := s.FindFeeds(ctx)
	if err != nil || len(feeds) != 0 {
		t.Fatalf("after invalid adds: %d feeds, %v; want none", len(feeds), err)
	}
}

func testFeedUpdateDelete(t *testing.T, s news.FeedStore) {
	ctx := context.Background()
	f := addFeed(t, s, &news.Feed{URL: "https://a.example/feed"})
	f.Title, f.ETag, f.LastModified = "Città news", `"v2"`, "Tue, 10 Mar 2026 06:30:00 GMT"
	f.Interval = 5*time.Minute + 1500*time.Microsecond // stored to the millisecond
	f.NextPollAt = day.Add(2*time.Hour + 123456789)
	f.LastPolledAt = day.Add(time.Hour)
	f.Failures, f.LastError = 3, "HTTP 503 Service Unavailable"
	if err := s.UpdateFeed(ctx, f); err != nil {
		t.Fatal(err)
	}
	feeds, err := s.FindFeeds(ctx)
	if err != nil || len(feeds) != 1 {
		t.Fatalf("FindFeeds = %d feeds, %v", len(feeds), err)
	}
	want := *f
	want.Interval = 5*time.Minute + time.Millisecond
	want.NextPollAt = f.NextPollAt.Truncate(time.Microsecond)
	if diff := cmp.Diff(&want, feeds[0]); diff != "" {
		t.Errorf("stored feed after UpdateFeed (-want +got):\n%s", diff)
	}
	// URL and CreatedAt are not changed by UpdateFeed.
	f.URL = "https://b.example/feed"
	if err := s.UpdateFeed(ctx, f); err != nil {
		t.Fatal(err)
	}
	if feeds, _ := s.FindFeeds(ctx); feeds[0].URL != "https://a.example/feed" {
		t.Errorf("UpdateFeed changed the URL to %q", feeds[0].URL)
	}
	f.Title = "bad\x00"
	if err := s.UpdateFeed(ctx, f); news.ErrorCode(err) != news.EINVALID {
		t.Errorf("UpdateFeed with a NUL byte = %v, want EINVALID", err)
	}
	if err := s.DeleteFeed(ctx, f.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteFeed(ctx, f.ID); news.ErrorCode(err) != news.ENOTFOUND {
		t.Errorf("second DeleteFeed = %v, want ENOTFOUND", err)
	}
	f.Title = ""
	if err := s.UpdateFeed(ctx, f); news.ErrorCode(err) != news.ENOTFOUND {
		t.Errorf("UpdateFeed of a deleted feed = %v, want ENOTFOUND", err)
	}
}

func testFeedClaim(t *testing.T, s news.FeedStore) {
	ctx := context.Background()
	late := addFeed(t, s, &news.Feed{URL: "https://a.example/late", NextPollAt: day.Add(time.Hour)})
	due := addFeed(t, s, &news.Feed{URL: "https://a.example/due", NextPollAt: day})
	overdue := addFeed(t, s, &news.Feed{URL: "https://a.example/overdue", NextPollAt: day.Add(-time.Hour)})
	ids := func(fs []*news.Feed) []int64 {
		out := []int64{}
		for _, f := range fs {
			out = append(out, f.ID)
		}
		return out
	}
	// n takes the earliest due.
	got, err := s.ClaimDueFeeds(ctx, day, 1, 5*time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]int64{overdue.ID}, ids(got)); diff != "" {
		t.Fatalf("ClaimDueFeeds(n=1) (-want +got):\n%s", diff)
	}
	if !got[0].NextPollAt.Equal(day.Add(5 * time.Minute)) {
		t.Errorf("claimed feed's NextPollAt = %v, want now+lease", got[0].NextPollAt)
	}
	got, err = s.ClaimDueFeeds(ctx, day, 10, 5*time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]int64{due.ID}, ids(got)); diff != "" {
		t.Fatalf("second ClaimDueFeeds (-want +got):\n%s", diff)
	}
	// Claimed feeds stay claimed until the lease runs out.
	if got, err := s.ClaimDueFeeds(ctx, day.Add(4*time.Minute), 10, 5*time.Minute); err != nil || len(got) != 0 {
		t.Fatalf("claim within the lease = %v, %v; want none", ids(got), err)
	}
	got, err = s.ClaimDueFeeds(ctx, day.Add(time.Hour), 10, 5*time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	want := []int64{late.ID, due.ID, overdue.ID}
	if diff := cmp.Diff(want, ids(got)); diff != "" {
		t.Fatalf("claim after the leases ran out, in ID order (-want +got):\n%s", diff)
	}
	// The stored schedule is the claim's.
	feeds, err := s.FindFeeds(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range feeds {
		if !f.NextPollAt.Equal(day.Add(time.Hour + 5*time.Minute)) {
			t.Errorf("feed %d: stored NextPollAt %v, want the lease's end", f.ID, f.NextPollAt)
		}
	}
}

// testFeedClaimConcurrent: pollers claiming at once never get the same feed.
func testFeedClaimConcurrent(t *testing.T, s news.FeedStore) {
	ctx := context.Background()
	const nFeeds, nPollers = 30, 4
	for i := range nFeeds {
		addFeed(t, s, &news.Feed{URL: fmt.Sprintf("https://h%d.example/feed", i), NextPollAt: day})
	}
	var mu sync.Mutex
	claimed := map[int64]int{}
	var wg sync.WaitGroup
	errs := make(chan error, nPollers)
	for range nPollers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				got, err := s.ClaimDueFeeds(ctx, day, 3, time.Hour)
				if err != nil {
					errs <- err
					return
				}
				if len(got) == 0 {
					return
				}
				mu.Lock()
				for _, f := range got {
					claimed[f.ID]++
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if len(claimed) != nFeeds {
		t.Errorf("%d feeds claimed, want %d", len(claimed), nFeeds)
	}
	for id, n := range claimed {
		if n != 1 {
			t.Errorf("feed %d claimed %d times", id, n)
		}
	}
}
