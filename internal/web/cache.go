package web

import (
	"bytes"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// pageCache keeps successful GET responses for a short time, so that a
// story page read by many people at once is rendered about once per TTL
// rather than once per request.
//
// Concurrent misses on one URL are coalesced: the first request renders,
// the others wait for its result. An expired entry is served while one
// request renders its replacement (stale-while-revalidate), so expiry never
// makes every reader render at once. Any write through the server clears
// the cache; writes by other processes (the CLI on the same store) show up
// within TTL. At most maxEntries URLs are kept.
type pageCache struct {
	mu      sync.Mutex
	entries map[string]*cacheEntry
}

const maxEntries = 2000

type cacheEntry struct {
	resp       *cachedResponse // nil until the first render finishes
	ready      chan struct{}   // closed when the first render finishes
	refreshing bool
}

type cachedResponse struct {
	at     time.Time
	header http.Header
	body   []byte
}

// recorder writes a response through while keeping a copy.
type recorder struct {
	http.ResponseWriter
	status int
	buf    bytes.Buffer
}

func (r *recorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	r.buf.Write(b)
	return r.ResponseWriter.Write(b)
}

func (c *pageCache) serve(w http.ResponseWriter, r *http.Request, ttl time.Duration, next http.Handler) {
	if ttl <= 0 || r.Method != http.MethodGet || r.Header.Get("Authorization") != "" {
		next.ServeHTTP(w, r)
		return
	}
	key := r.URL.RequestURI()
	for {
		c.mu.Lock()
		if c.entries == nil {
			c.entries = map[string]*cacheEntry{}
		}
		e := c.entries[key]
		switch {
		case e == nil:
			if len(c.entries) >= maxEntries {
				c.entries = map[string]*cacheEntry{}
			}
			e = &cacheEntry{ready: make(chan struct{})}
			c.entries[key] = e
			c.mu.Unlock()
			c.render(w, r, next, key, e)
			return
		case e.resp == nil:
			// Another request is rendering this URL: wait for it.
			c.mu.Unlock()
			select {
			case <-e.ready:
				continue // served from the entry, or rendered again if it failed
			case <-r.Context().Done():
				return
			}
		case time.Since(e.resp.at) < ttl || e.refreshing:
			resp := e.resp
			c.mu.Unlock()
			resp.write(w)
			return
		default:
			e.refreshing = true
			c.mu.Unlock()
			c.render(w, r, next, key, e)
			return
		}
	}
}

// render serves the request from next and keeps the response in e if it is
// a 200; otherwise it drops e so that the next request renders again.
func (c *pageCache) render(w http.ResponseWriter, r *http.Request, next http.Handler, key string, e *cacheEntry) {
	rec := &recorder{ResponseWriter: w}
	ok := false
	defer func() {
		c.mu.Lock()
		defer c.mu.Unlock()
		if ok {
			e.resp = &cachedResponse{at: time.Now(), header: w.Header().Clone(), body: bytes.Clone(rec.buf.Bytes())}
		} else if c.entries[key] == e && e.resp == nil {
			delete(c.entries, key)
		}
		e.refreshing = false
		select {
		case <-e.ready:
		default:
			close(e.ready)
		}
	}()
	next.ServeHTTP(rec, r)
	ok = rec.status == http.StatusOK || rec.status == 0
}

func (cr *cachedResponse) write(w http.ResponseWriter) {
	h := w.Header()
	for k, v := range cr.header {
		h[k] = v
	}
	h.Set("X-Cache", "hit")
	h.Set("Content-Length", strconv.Itoa(len(cr.body)))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(cr.body)
}

// clear forgets every entry. Requests rendering at the time still finish.
func (c *pageCache) clear() {
	c.mu.Lock()
	c.entries = nil
	c.mu.Unlock()
}
