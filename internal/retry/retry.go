// Package retry is the back-off of crosscheck's long-running loops (the
// worker, the feed poller): a store that restarts or fails over makes a
// query fail once, and the next one reconnects, so a loop waits and tries
// again rather than exiting.
package retry

import (
	"context"
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"strings"
	"syscall"
	"time"

	"github.com/crosscheck-news/crosscheck/internal/news"
)

// Backoff is how long a loop waits after failures in a row: First after
// the first, doubling up to Max.
type Backoff struct {
	First, Max time.Duration
	failures   int
}

// Default waits 1 s, then 2 s, … up to a minute.
func Default() *Backoff { return &Backoff{First: time.Second, Max: time.Minute} }

// Permanent says whether err will not go away by trying again: a database
// migrated by a newer crosscheck (ECONFLICT), or a request the store
// refuses (EINVALID).
func Permanent(err error) bool {
	code := news.ErrorCode(err)
	return code == news.ECONFLICT || code == news.EINVALID
}

// Next counts one more failure in a row and returns how long to wait.
func (b *Backoff) Next() time.Duration {
	d := Doubled(b.First, b.failures, b.Max)
	b.failures++
	return d
}

// Doubled returns first doubled n times, capped at max (without
// overflowing however large n is).
func Doubled(first time.Duration, n int, max time.Duration) time.Duration {
	d := first
	for i := 0; i < n && d < max; i++ {
		d *= 2
	}
	return min(d, max)
}

// Transient says whether err comes from the way to the database rather
// than from the work: a dropped or refused connection, or a server that is
// shutting down or starting up (SQLSTATE classes 08 and 57P). Work that
// failed so may be handed back without counting it as an attempt.
func Transient(err error) bool {
	var ne net.Error
	var state interface{ SQLState() string }
	switch {
	case err == nil:
		return false
	case errors.Is(err, driver.ErrBadConn), errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF),
		errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.EPIPE),
		errors.As(err, &ne):
		return true
	case errors.As(err, &state):
		c := state.SQLState()
		return strings.HasPrefix(c, "08") || strings.HasPrefix(c, "57P")
	}
	return false
}

// Wait sleeps Next, and returns ctx.Err() if ctx ends first.
func (b *Backoff) Wait(ctx context.Context) error { return Sleep(ctx, b.Next()) }

// Sleep waits d, and returns ctx.Err() if ctx ends first (at once when d
// is not positive and ctx has ended).
func Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// Reset starts the waits again from First, after a success.
func (b *Backoff) Reset() { b.failures = 0 }
