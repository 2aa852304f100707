package sqlite

import "context"

// WithAssignerLock runs fn while no other process (or other Store on the
// same file) assigns articles to stories: the engine clusters a batch
// under it, so that an article another process has stored but not yet
// clustered is not taken for one a stopped run left, and clustered twice.
// The lock is an exclusive lock on the file lockPath names, which the
// operating system releases when its holder dies; an in-memory store has
// one process and takes none. Waiting for it stops when ctx is done.
func (s *Store) WithAssignerLock(ctx context.Context, fn func() error) error {
	if s.lockPath == "" {
		return fn()
	}
	unlock, err := lockFile(ctx, s.lockPath)
	if err != nil {
		return err
	}
	defer unlock()
	return fn()
}
