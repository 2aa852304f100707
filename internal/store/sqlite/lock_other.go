//go:build !unix

package sqlite

import (
	"context"
	"sync"
)

// lockFile, where flock(2) does not exist, excludes the Stores of this
// process only (one mutex per lock path): processes sharing a file may
// then cluster an article another one is about to cluster.
func lockFile(ctx context.Context, path string) (func(), error) {
	v, _ := fileLocks.LoadOrStore(path, make(chan struct{}, 1))
	ch := v.(chan struct{})
	select {
	case ch <- struct{}{}:
		return func() { <-ch }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

var fileLocks sync.Map // lock path → chan struct{} (capacity 1)
