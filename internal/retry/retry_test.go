package retry

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"syscall"
	"testing"
	"time"

	"github.com/crosscheck-news/crosscheck/internal/news"
)

func TestBackoff(t *testing.T) {
	b := &Backoff{First: time.Second, Max: 5 * time.Second}
	var got []time.Duration
	for range 5 {
		got = append(got, b.Next())
	}
	want := []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 5 * time.Second, 5 * time.Second}
	if !slices.Equal(got, want) {
		t.Fatalf("waits %v, want %v", got, want)
	}
	b.Reset()
	if d := b.Next(); d != time.Second {
		t.Fatalf("after Reset the wait is %v, want 1s", d)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	long := &Backoff{First: time.Hour, Max: time.Hour}
	if err := long.Wait(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("Wait on an ended context = %v", err)
	}
}

func TestPermanent(t *testing.T) {
	for _, c := range []struct {
		err  error
		want bool
	}{
		{news.Errorf(news.ECONFLICT, "database migrated by a newer crosscheck"), true},
		{news.Errorf(news.EINVALID, "bad"), true},
		{errors.New("FATAL: terminating connection due to administrator command (SQLSTATE 57P01)"), false},
		{news.Errorf(news.ENOTFOUND, "gone"), false},
	} {
		if got := Permanent(c.err); got != c.want {
			t.Errorf("Permanent(%v) = %v", c.err, got)
		}
	}
}

type sqlState string

func (s sqlState) Error() string    { return "sql error " + string(s) }
func (s sqlState) SQLState() string { return string(s) }

func TestTransient(t *testing.T) {
	for _, c := range []struct {
		err  error
		want bool
	}{
		{fmt.Errorf("claim jobs: %w", sqlState("57P01")), true}, // terminating connection
		{sqlState("08006"), true},                               // connection failure
		{fmt.Errorf("query: %w", syscall.ECONNREFUSED), true},
		{io.ErrUnexpectedEOF, true},
		{sqlState("23505"), false}, // unique violation: the work itself
		{errors.New("decode analysis of article 7: unexpected token"), false},
		{news.Errorf(news.ENOTFOUND, "gone"), false},
		{nil, false},
	} {
		if got := Transient(c.err); got != c.want {
			t.Errorf("Transient(%v) = %v, want %v", c.err, got, c.want)
		}
	}
}

func TestSleep(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	if err := Sleep(ctx, time.Millisecond); err != nil {
		t.Fatalf("Sleep: %v", err)
	}
	cancel()
	if err := Sleep(ctx, time.Hour); err != context.Canceled {
		t.Fatalf("Sleep on an ended context: %v, want context.Canceled", err)
	}
	if err := Sleep(ctx, 0); err != context.Canceled {
		t.Fatalf("Sleep 0 on an ended context: %v, want context.Canceled", err)
	}
}
