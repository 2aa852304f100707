package ingest

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// TestHostGateBounded: the web's Analyzer keeps one HostGate for
// the server's life (44ab4a5); the hosts it has seen must not pile up
// once their delay has passed.
func TestHostGateBounded(t *testing.T) {
	g := &HostGate{Delay: time.Nanosecond}
	for i := range 20000 {
		if err := g.Wait(context.Background(), fmt.Sprintf("h%d.example", i)); err != nil {
			t.Fatal(err)
		}
	}
	time.Sleep(time.Millisecond)
	g.Wait(context.Background(), "last.example")
	if n := len(g.next); n > 5000 {
		t.Errorf("HostGate remembers %d hosts whose delay has passed", n)
	}
}
