package main

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer safe for the signal goroutine's write.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestInterruptSaysSo: the first SIGINT cancels the context and says at
// once that the command is stopping and how to quit at once; a command
// that ends by itself says nothing.
func TestInterruptSaysSo(t *testing.T) {
	var w syncBuffer
	ctx, stop := interruptible(context.Background(), &w)
	defer stop()
	if err := syscall.Kill(syscall.Getpid(), syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	select {
	case <-ctx.Done():
	case <-time.After(10 * time.Second):
		t.Fatal("SIGINT did not cancel the context")
	}
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(w.String(), "again (Ctrl-C)") && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if got := w.String(); !strings.Contains(got, "stopping at a consistent point") || !strings.Contains(got, "again (Ctrl-C)") {
		t.Errorf("stderr %q", got)
	}

	var quiet syncBuffer
	_, stop2 := interruptible(context.Background(), &quiet)
	stop2()
	time.Sleep(50 * time.Millisecond)
	if quiet.String() != "" {
		t.Errorf("a command that ended by itself printed %q", quiet.String())
	}
}
