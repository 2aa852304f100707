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
// within TTL.
//
// Memory is bounded whatever URLs are asked for: at most maxEntries URLs
// and maxCacheBytes of bodies are kept, and a body over maxCachedBody is
// not kept at all. When a bound is reached, expired entries go first, and
// if that is not enough the cache starts empty.
type pageCache struct {
	mu      sync.Mutex
	entries map[string]*cacheEntry
	bytes   int // of the bodies of entries in the map
}

const (
	maxEntries    = 2000
	maxCacheBytes = 64 << 20
	maxCachedBody = 2 << 20
)

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
				c.makeRoom(ttl, 0)
			}
			e = &cacheEntry{ready: make(chan struct{})}
			c.entries[key] = e
			c.mu.Unlock()
			c.render(w, r, ttl, next, key, e)
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
			c.render(w, r, ttl, next, key, e)
			return
		}
	}
}

// render serves the request from next and keeps the response in e if it is
// a 200; otherwise it drops e so that the next request renders again.
func (c *pageCache) render(w http.ResponseWriter, r *http.Request, ttl time.Duration, next http.Handler, key string, e *cacheEntry) {
	rec := &recorder{ResponseWriter: w}
	ok := false
	defer func() {
		c.mu.Lock()
		defer c.mu.Unlock()
		inMap := c.entries[key] == e
		if ok && rec.buf.Len() > maxCachedBody {
			ok = false // too big to keep: rendered for each request
			if inMap && e.resp != nil {
				c.bytes -= len(e.resp.body)
				e.resp = nil
			}
		}
		switch {
		case ok && inMap:
			if e.resp != nil {
				c.bytes -= len(e.resp.body)
			}
			c.makeRoom(ttl, rec.buf.Len())
			if c.entries[key] != e { // makeRoom emptied the cache
				c.entries[key] = e
			}
			e.resp = &cachedResponse{at: time.Now(), header: w.Header().Clone(), body: bytes.Clone(rec.buf.Bytes())}
			c.bytes += len(e.resp.body)
		case ok:
			// The cache was cleared while rendering (a write): serve the
			// waiters from e, but keep nothing.
			e.resp = &cachedResponse{at: time.Now(), header: w.Header().Clone(), body: bytes.Clone(rec.buf.Bytes())}
		case inMap && e.resp == nil:
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

// makeRoom makes room for one more entry with a body of n bytes: it drops
// the expired entries, and if the bounds are still reached, every entry.
// c.mu is held.
func (c *pageCache) makeRoom(ttl time.Duration, n int) {
	if len(c.entries) < maxEntries && c.bytes+n <= maxCacheBytes {
		return
	}
	for k, e := range c.entries {
		if e.resp != nil && !e.refreshing && time.Since(e.resp.at) >= ttl {
			c.bytes -= len(e.resp.body)
			delete(c.entries, k)
		}
	}
	if len(c.entries) >= maxEntries || c.bytes+n > maxCacheBytes {
		c.entries, c.bytes = map[string]*cacheEntry{}, 0
	}
}

// clear forgets every entry. Requests rendering at the time still finish.
func (c *pageCache) clear() {
	c.mu.Lock()
	c.entries, c.bytes = nil, 0
	c.mu.Unlock()
}
