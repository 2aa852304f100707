package web

import (
	"bytes"
	"net/http"
	"sync"
	"time"
)

// pageCache keeps rendered GET responses for a short time, so that a story
// page read by many analysts at once is rendered once per interval rather
// than once per request. Any write through the server clears it; writes by
// other processes (a worker, the CLI) show up within TTL. Size is bounded.
type pageCache struct {
	TTL time.Duration
	Max int

	mu      sync.Mutex
	entries map[string]*cached
}

type cached struct {
	at     time.Time
	header http.Header
	status int
	body   []byte
}

// recorder captures a response while writing it through.
type recorder struct {
	http.ResponseWriter
	status int
	buf    bytes.Buffer
}

func (r *recorder) WriteHeader(code int) { r.status = code; r.ResponseWriter.WriteHeader(code) }
func (r *recorder) Write(b []byte) (int, error) {
	r.buf.Write(b)
	return r.ResponseWriter.Write(b)
}

func (c *pageCache) serve(w http.ResponseWriter, r *http.Request, next http.Handler) {
	if c == nil || c.TTL <= 0 || r.Method != http.MethodGet {
		if r.Method != http.MethodGet && c != nil {
			c.clear()
		}
		next.ServeHTTP(w, r)
		return
	}
	key := r.URL.RequestURI()
	c.mu.Lock()
	e := c.entries[key]
	c.mu.Unlock()
	if e != nil && time.Since(e.at) < c.TTL {
		for k, v := range e.header {
			w.Header()[k] = v
		}
		w.Header().Set("X-Cache", "hit")
		w.WriteHeader(e.status)
		w.Write(e.body)
		return
	}
	rec := &recorder{ResponseWriter: w, status: http.StatusOK}
	next.ServeHTTP(rec, r)
	if rec.status != http.StatusOK {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil || len(c.entries) >= c.Max {
		c.entries = map[string]*cached{}
	}
	c.entries[key] = &cached{at: time.Now(), header: w.Header().Clone(), status: rec.status, body: rec.buf.Bytes()}
}

func (c *pageCache) clear() {
	c.mu.Lock()
	c.entries = nil
	c.mu.Unlock()
}
