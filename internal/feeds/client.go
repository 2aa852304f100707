package feeds

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/crosscheck-news/crosscheck/internal/ingest"
	"github.com/crosscheck-news/crosscheck/internal/news"
)

// Client makes the conditional GET requests of feed polls with the
// policies of ingest.Fetcher: a time limit, a size cap, an honest user
// agent, at most 5 redirects, and unless AllowPrivate is set no connection
// to a non-public address (checked on the address dialled, see
// ingest.IsPublic). ingest.Fetcher itself only returns 200 bodies, and a
// poll needs the validators, Retry-After and 304s. Safe for concurrent use
// once its fields are set.
type Client struct {
	Timeout      time.Duration // whole request, including the body; default 30 s
	MaxBytes     int64         // default ingest.DefaultMaxBytes
	AllowPrivate bool
	UserAgent    string // default "crosscheck/VERSION (+https://github.com/crosscheck-news/crosscheck)"

	once   sync.Once
	client *http.Client
}

// Response is what a poll request got. Body is empty except on 200.
type Response struct {
	StatusCode   int
	Status       string // "304 Not Modified"
	ETag         string
	LastModified string
	RetryAfter   string // the raw header; see RetryAfter
	ContentType  string
	Body         []byte
}

func (c *Client) init() {
	c.once.Do(func() {
		if c.Timeout == 0 {
			c.Timeout = 30 * time.Second
		}
		if c.MaxBytes == 0 {
			c.MaxBytes = ingest.DefaultMaxBytes
		}
		if c.UserAgent == "" {
			c.UserAgent = ingest.UserAgent()
		}
		c.client = ingest.NewHTTPClient(c.Timeout, c.AllowPrivate)
	})
}

// CloseIdleConnections closes the kept-alive connections.
func (c *Client) CloseIdleConnections() {
	c.init()
	c.client.CloseIdleConnections()
}

// Get requests rawURL, with If-None-Match and If-Modified-Since when etag
// and lastModified are set. Any HTTP status is a Response; errors are for
// requests that got none (network, time-out, refused address) or a body
// over the size cap, and name the URL. Returns ctx.Err() when ctx ends.
func (c *Client) Get(ctx context.Context, rawURL, etag, lastModified string) (*Response, error) {
	c.init()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return nil, news.Errorf(news.EINVALID, "%s: %v", rawURL, err)
	}
	req.Header.Set("User-Agent", c.UserAgent)
	req.Header.Set("Accept", "application/rss+xml,application/atom+xml,application/feed+json,application/xml;q=0.9,text/xml;q=0.9,application/json;q=0.8,*/*;q=0.5")
	if etag != "" {
		req.Header.Set("If-None-Match", etag)
	}
	if lastModified != "" {
		req.Header.Set("If-Modified-Since", lastModified)
	}
	resp, err := c.client.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		var ne net.Error
		if errors.As(err, &ne) && ne.Timeout() {
			return nil, news.Errorf(news.EINVALID, "%s: timed out after %s", rawURL, c.Timeout)
		}
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		// The cause stays in the chain: errors.Is(err, ingest.ErrNonPublic).
		return nil, &news.Error{Code: news.EINVALID, Message: rawURL, Err: err}
	}
	defer resp.Body.Close()
	r := &Response{
		StatusCode: resp.StatusCode, Status: resp.Status,
		ETag: resp.Header.Get("ETag"), LastModified: resp.Header.Get("Last-Modified"),
		RetryAfter: resp.Header.Get("Retry-After"), ContentType: strings.ToLower(resp.Header.Get("Content-Type")),
	}
	if resp.StatusCode != http.StatusOK {
		// Read a little so that the connection can be reused.
		io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		return r, nil
	}
	if resp.ContentLength > c.MaxBytes {
		return nil, news.Errorf(news.EINVALID, "%s: %d bytes is over the %d-byte limit", rawURL, resp.ContentLength, c.MaxBytes)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, c.MaxBytes+1))
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, news.Errorf(news.EINVALID, "%s: reading the body: %v", rawURL, err)
	}
	if int64(len(body)) > c.MaxBytes {
		return nil, news.Errorf(news.EINVALID, "%s: the body is over the %d-byte limit", rawURL, c.MaxBytes)
	}
	r.Body = body
	return r, nil
}

// RetryAfter reads a Retry-After header, in seconds or as an HTTP date,
// as a wait from now. It returns 0 for an absent, malformed or past value.
func RetryAfter(h string, now time.Time) time.Duration {
	h = strings.TrimSpace(h)
	if h == "" {
		return 0
	}
	var secs int64
	if _, err := fmt.Sscanf(h, "%d", &secs); err == nil && fmt.Sprint(secs) == h {
		if secs <= 0 {
			return 0
		}
		return time.Duration(min(secs, int64(365*24*3600))) * time.Second
	}
	if t, err := http.ParseTime(h); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}
