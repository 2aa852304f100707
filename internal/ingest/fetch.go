package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/crosscheck-news/crosscheck/internal/news"
	"github.com/crosscheck-news/crosscheck/internal/version"
)

// Fetcher downloads URLs with a timeout, a size cap and an honest user agent.
// Unless AllowPrivate is set it refuses to connect to loopback, private,
// link-local and other non-public addresses, checked on the address actually
// dialled so that DNS answers and redirects cannot get around it.
type Fetcher struct {
	Timeout      time.Duration // whole request, including the body; default 30 s
	MaxBytes     int64         // default DefaultMaxBytes
	AllowPrivate bool
	UserAgent    string // default "crosscheck/VERSION (+https://github.com/crosscheck-news/crosscheck)"
	// HTTPClient, when set, makes the requests instead of one of
	// NewHTTPClient(Timeout, AllowPrivate): a caller's client with the same
	// policy whose connections it shares (the feed poller's).
	HTTPClient *http.Client

	once   sync.Once
	client *http.Client
}

// Page is a fetched document.
type Page struct {
	URL         string // after redirects
	ContentType string
	Body        []byte
}

// init sets the defaults once, so that a Fetcher whose fields are set is
// safe for concurrent use.
func (f *Fetcher) init() { f.once.Do(f.setDefaults) }

func (f *Fetcher) setDefaults() {
	if f.Timeout == 0 {
		f.Timeout = 30 * time.Second
	}
	if f.MaxBytes == 0 {
		f.MaxBytes = DefaultMaxBytes
	}
	if f.UserAgent == "" {
		f.UserAgent = UserAgent()
	}
	f.client = f.HTTPClient
	if f.client == nil {
		f.client = NewHTTPClient(f.Timeout, f.AllowPrivate)
	}
}

// UserAgent is the User-Agent header crosscheck sends.
func UserAgent() string {
	return "crosscheck/" + version.Version + " (+https://github.com/crosscheck-news/crosscheck)"
}

// NewHTTPClient returns an http.Client with crosscheck's fetch policy: the
// whole request within timeout, at most 5 redirects and only to http(s)
// URLs, and unless allowPrivate no connection to an address that is not
// public (IsPublic), checked on the address actually dialled — and then no
// proxy, which would hide that address. Fetcher and the feed poller use it.
func NewHTTPClient(timeout time.Duration, allowPrivate bool) *http.Client {
	d := &net.Dialer{Timeout: 10 * time.Second}
	if !allowPrivate {
		d.Control = refusePrivate
	}
	tr := &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           d.DialContext,
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: 20 * time.Second,
		MaxIdleConnsPerHost:   4,
		IdleConnTimeout:       90 * time.Second,
	}
	if !allowPrivate {
		tr.Proxy = nil
	}
	return &http.Client{
		Timeout:   timeout,
		Transport: tr,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) >= 5 {
				return fmt.Errorf("more than 5 redirects")
			}
			if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
				return fmt.Errorf("redirect to a %s URL", req.URL.Scheme)
			}
			return nil
		},
	}
}

// refusePrivate is a net.Dialer Control function that refuses every address
// that is not a public unicast address.
func refusePrivate(network, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("refusing to connect to %s: %w", address, err)
	}
	if a := ap.Addr().Unmap(); !IsPublic(a) {
		return &news.Error{Code: news.EINVALID, Err: fmt.Errorf("refusing to connect to %w %s (allow with --allow-private-urls)", ErrNonPublic, a)}
	}
	return nil
}

// ErrNonPublic is wrapped by the error of a connection refused because its
// address is not public (IsPublic): errors.Is(err, ErrNonPublic) tells it
// without reading the message.
var ErrNonPublic = errors.New("non-public address")

// IsPublic reports whether a is a public unicast address.
func IsPublic(a netip.Addr) bool {
	if !a.IsValid() || a.IsLoopback() || a.IsPrivate() || a.IsLinkLocalUnicast() || a.IsLinkLocalMulticast() ||
		a.IsMulticast() || a.IsUnspecified() || a.IsInterfaceLocalMulticast() {
		return false
	}
	for _, p := range nonPublic {
		if p.Contains(a) {
			return false
		}
	}
	return true
}

// nonPublic are ranges the netip predicates do not cover: carrier-grade NAT,
// benchmarking, documentation, IPv4-translated and reserved space.
var nonPublic = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"), netip.MustParsePrefix("100.64.0.0/10"),
	netip.MustParsePrefix("192.0.0.0/24"), netip.MustParsePrefix("192.0.2.0/24"),
	netip.MustParsePrefix("198.18.0.0/15"), netip.MustParsePrefix("198.51.100.0/24"),
	netip.MustParsePrefix("203.0.113.0/24"), netip.MustParsePrefix("240.0.0.0/4"),
	netip.MustParsePrefix("64:ff9b::/96"), netip.MustParsePrefix("2001:db8::/32"),
}

// Fetch downloads one URL. Errors name the URL and say what went wrong: a
// timeout, an HTTP status, a body over the size cap, a refused address.
func (f *Fetcher) Fetch(ctx context.Context, rawURL string) (*Page, error) {
	f.init()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return nil, news.Errorf(news.EINVALID, "%s: %v", rawURL, err)
	}
	req.Header.Set("User-Agent", f.UserAgent)
	req.Header.Set("Accept", "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,application/feed+json,application/json;q=0.9,text/plain;q=0.8,*/*;q=0.5")
	resp, err := f.client.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		var ne net.Error
		if asNetErr(err, &ne) && ne.Timeout() {
			return nil, unavailable(news.Errorf(news.EINVALID, "%s: timed out after %s", rawURL, f.Timeout))
		}
		var refused *news.Error
		if errors.As(err, &refused) { // kept in the chain: errors.Is(err, ErrNonPublic)
			return nil, &news.Error{Code: news.EINVALID, Message: rawURL, Err: unwrapURLError(err)}
		}
		return nil, unavailable(news.Errorf(news.EINVALID, "%s: %v", rawURL, unwrapURLError(err)))
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		e := news.Errorf(news.EINVALID, "%s: HTTP %s", rawURL, resp.Status)
		if resp.StatusCode >= 500 || resp.StatusCode == http.StatusTooManyRequests {
			return nil, unavailable(e)
		}
		return nil, e
	}
	if resp.ContentLength > f.MaxBytes {
		return nil, news.Errorf(news.EINVALID, "%s: %d bytes is over the %d-byte limit", rawURL, resp.ContentLength, f.MaxBytes)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, f.MaxBytes+1))
	if err != nil {
		var ne net.Error
		if asNetErr(err, &ne) && ne.Timeout() {
			return nil, unavailable(news.Errorf(news.EINVALID, "%s: timed out after %s while reading the body", rawURL, f.Timeout))
		}
		return nil, news.Errorf(news.EINVALID, "%s: reading the body: %v", rawURL, err)
	}
	if int64(len(body)) > f.MaxBytes {
		return nil, news.Errorf(news.EINVALID, "%s: the body is over the %d-byte limit", rawURL, f.MaxBytes)
	}
	return &Page{URL: resp.Request.URL.String(), ContentType: strings.ToLower(resp.Header.Get("Content-Type")), Body: body}, nil
}

// ErrUnavailable is wrapped by the errors of Fetch that say the host did
// not answer as it may later: a time-out, a connection error, an HTTP 5xx
// or 429. errors.Is(err, ErrUnavailable) tells them from a page that is
// not there (404) or an address refused.
var ErrUnavailable = errors.New("the host did not answer")

// unavailable marks err as an ErrUnavailable error; its message and code
// stay.
func unavailable(err *news.Error) error { return unavailableError{err} }

type unavailableError struct{ err *news.Error }

func (e unavailableError) Error() string        { return e.err.Error() }
func (e unavailableError) Unwrap() error        { return e.err }
func (e unavailableError) Is(target error) bool { return target == ErrUnavailable }

func asNetErr(err error, target *net.Error) bool { return errors.As(err, target) }

// unwrapURLError drops the "Get \"URL\":" prefix the URL is already named by.
func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}
