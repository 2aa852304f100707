// Package ingest turns inputs — files, directories, standard input and
// http(s) URLs holding plain text, HTML pages, RSS/Atom/JSON feeds or JSON
// Lines — into prepared news.Articles: normalized text, sentences with byte
// offsets, credit lines, language, canonical URL and content hash.
//
// Every input that cannot be read becomes an Item with an error naming the
// input (and the line, item or field where known); the other inputs go on.
package ingest

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/crosscheck-news/crosscheck/internal/news"
	"github.com/crosscheck-news/crosscheck/internal/text"
)

// DefaultMaxBytes caps the size of one input file, page or feed.
const DefaultMaxBytes = 10 << 20

// Options configures Read.
type Options struct {
	// Fetcher downloads http(s) inputs; nil uses a Fetcher with defaults.
	Fetcher *Fetcher
	// Stdin is read for the input "-".
	Stdin io.Reader
	// MaxBytes caps each input; 0 means DefaultMaxBytes.
	MaxBytes int64
	// FeedLinks says when the link of a feed item that carries only a
	// teaser is fetched with Fetcher and its page read instead
	// (FetchLinks): by default (LinksAuto) for feeds fetched from a URL,
	// not for feed files or standard input, which stay offline.
	FeedLinks LinkPolicy
	// MaxFeedLinks caps the links fetched per feed; 0 means
	// DefaultMaxFeedLinks.
	MaxFeedLinks int
	// LinkGate, when set, spaces the link fetches to one host instead of
	// a gate of Read's own, so that a caller's reads share one (the web
	// server's submissions).
	LinkGate *HostGate
	// LinkDeadline, when set, is the time by which the links of feeds are
	// read (LinkOptions.Deadline): those not read by then keep their
	// teasers.
	LinkDeadline time.Time
}

// Item is one article read from an input, or one failure. Input names where
// it came from: a path, "path:LINE" for JSON Lines, "path#N" for a feed
// item, a URL, or "-".
type Item struct {
	Input   string
	Article *news.Article
	Err     error
	// Warning, with Article, says what was not read as asked: the link
	// of a feed item could not be fetched, and the article is its teaser.
	Warning error
}

// extensions Read picks up when walking a directory.
var extensions = map[string]bool{
	".txt": true, ".text": true, ".md": true, ".markdown": true, ".html": true, ".htm": true, ".xhtml": true,
	".xml": true, ".rss": true, ".atom": true, ".json": true, ".jsonl": true, ".ndjson": true,
}

// hasPrefixFold reports whether s begins with prefix, ignoring case: URL
// schemes are case-insensitive ("HTTPS://" is https).
func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// IsHTTPURL reports whether s is written as an http or https URL, the
// scheme in any case.
func IsHTTPURL(s string) bool { return hasPrefixFold(s, "http://") || hasPrefixFold(s, "https://") }

// reScheme matches an input written as a URL, with its scheme.
var reScheme = regexp.MustCompile(`^([A-Za-z][A-Za-z0-9+.-]*)://`)

// extensionList is the extensions a directory is read for, sorted.
func extensionList() string {
	l := make([]string, 0, len(extensions))
	for e := range extensions {
		l = append(l, e)
	}
	sort.Strings(l)
	return strings.Join(l, " ")
}

// Read reads every input in order and calls fn with each article or failure,
// in input order (directories in lexical order). It stops early only when
// ctx is done or fn returns an error.
func Read(ctx context.Context, inputs []string, o Options, fn func(Item) error) error {
	if o.MaxBytes == 0 {
		o.MaxBytes = DefaultMaxBytes
	}
	if o.Fetcher == nil {
		o.Fetcher = &Fetcher{}
	}
	if o.Fetcher.MaxBytes == 0 {
		o.Fetcher.MaxBytes = o.MaxBytes
	}
	r := reader{o: o, fn: fn, ctx: ctx}
	for _, in := range inputs {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := r.input(ctx, in); err != nil {
			return err
		}
	}
	return nil
}

type reader struct {
	o    Options
	fn   func(Item) error
	ctx  context.Context
	gate HostGate // spaces the link fetches to one host, across feeds
}

func (r *reader) fail(input string, err error) error {
	return r.fn(Item{Input: input, Err: err})
}

func (r *reader) input(ctx context.Context, in string) error {
	switch {
	case in == "-":
		if r.o.Stdin == nil {
			return r.fail(in, news.Errorf(news.EINVALID, "-: no standard input"))
		}
		br := bufio.NewReaderSize(r.o.Stdin, 64*1024)
		head, _ := br.Peek(1024)
		if DetectFormat("-", "", head) == FormatJSONL && !wholeJSON(head) {
			return r.jsonl(in, br)
		}
		b, err := io.ReadAll(io.LimitReader(br, r.o.MaxBytes+1))
		if err != nil {
			return r.fail(in, news.Errorf(news.EINVALID, "-: %v", err))
		}
		if int64(len(b)) > r.o.MaxBytes {
			return r.fail(in, news.Errorf(news.EINVALID, "-: standard input is over the %d-byte limit (--max-bytes)", r.o.MaxBytes))
		}
		return r.document(in, "", "", b)
	case IsHTTPURL(in):
		p, err := r.o.Fetcher.Fetch(ctx, in)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return r.fail(in, err)
		}
		return r.document(in, p.URL, p.ContentType, p.Body)
	}
	fi, err := os.Stat(in)
	if err != nil {
		if m := reScheme.FindStringSubmatch(in); m != nil && errors.Is(err, os.ErrNotExist) {
			return r.fail(in, news.Errorf(news.EINVALID, "%s: unsupported URL scheme %q (crosscheck fetches http:// and https:// URLs)", in, m[1]))
		}
		return r.fail(in, news.Errorf(news.EINVALID, "%s: %v", in, pathError(err)))
	}
	if !fi.IsDir() {
		return r.file(in, fi)
	}
	var files []string
	walkFailed := false
	err = filepath.WalkDir(in, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			walkFailed = true
			return r.fail(p, news.Errorf(news.EINVALID, "%s: %v", p, pathError(err)))
		}
		if p != in && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.IsDir() && extensions[strings.ToLower(filepath.Ext(p))] {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if len(files) == 0 && !walkFailed {
		// A directory with nothing to read is a failed input, not a
		// silent success.
		return r.fail(in, news.Errorf(news.EINVALID, "%s: no readable files in the directory (crosscheck reads %s files; hidden ones are skipped)", in, extensionList()))
	}
	sort.Strings(files)
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		fi, err := os.Stat(f)
		if err == nil && !fi.Mode().IsRegular() {
			// A named pipe would block the batch and a link to a device
			// never ends; given by name on the command line they are read.
			err = fmt.Errorf("not a regular file (%s), skipped in a directory", fi.Mode().Type())
		}
		if err != nil {
			if err := r.fail(f, news.Errorf(news.EINVALID, "%s: %v", f, pathError(err))); err != nil {
				return err
			}
			continue
		}
		if err := r.file(f, fi); err != nil {
			return err
		}
	}
	return nil
}

// jsonl streams JSON Lines from rd: --max-bytes caps each line, not the
// input, so an endless stream of records costs bounded memory.
func (r *reader) jsonl(input string, rd io.Reader) error {
	n, err := scanJSONL(input, rd, r.o.MaxBytes, htmlArticle, func(a *news.Article, err error) error {
		return r.emit(input, a, err)
	})
	if err != nil {
		if news.ErrorCode(err) == news.EINVALID {
			return r.fail(input, err)
		}
		return err
	}
	if n == 0 {
		return r.fail(input, news.Errorf(news.EINVALID, "%s: no JSON lines", input))
	}
	return nil
}

// emit prepares an article read from input and hands it, or the failure,
// to fn.
func (r *reader) emit(input string, a *news.Article, err error) error {
	return r.emitWarn(input, a, err, nil)
}

// emitWarn is emit with a warning for the article.
func (r *reader) emitWarn(input string, a *news.Article, err, warn error) error {
	if err == nil {
		err = Prepare(a)
	}
	if err != nil {
		label := input
		if a != nil && a.SourcePath != "" {
			label = a.SourcePath
		}
		return r.fail(label, err)
	}
	label := a.SourcePath
	if label == "" {
		label = input
	}
	return r.fn(Item{Input: label, Article: a, Warning: warn})
}

func (r *reader) file(name string, fi os.FileInfo) error {
	if ext := strings.ToLower(filepath.Ext(name)); ext == ".jsonl" || ext == ".ndjson" {
		f, err := os.Open(name)
		if err != nil {
			return r.fail(name, news.Errorf(news.EINVALID, "%s: %v", name, pathError(err)))
		}
		defer f.Close()
		return r.jsonl(name, f)
	}
	if fi.Size() > r.o.MaxBytes {
		return r.fail(name, news.Errorf(news.EINVALID, "%s: %d bytes is over the %d-byte input limit (--max-bytes)", name, fi.Size(), r.o.MaxBytes))
	}
	f, err := os.Open(name)
	if err != nil {
		return r.fail(name, news.Errorf(news.EINVALID, "%s: %v", name, pathError(err)))
	}
	defer f.Close()
	// The size said nothing for a pipe or a device: read one byte past the
	// cap at most.
	b, err := io.ReadAll(io.LimitReader(f, r.o.MaxBytes+1))
	if err != nil {
		return r.fail(name, news.Errorf(news.EINVALID, "%s: %v", name, pathError(err)))
	}
	if int64(len(b)) > r.o.MaxBytes {
		return r.fail(name, news.Errorf(news.EINVALID, "%s: over the %d-byte input limit (--max-bytes)", name, r.o.MaxBytes))
	}
	return r.document(name, "", "", b)
}

// ReadDocument reads one document already in memory — an uploaded file,
// a request body or a fetched feed, which its reader has bounded (the
// server's --max-body, the feed client's MaxBytes) — and calls fn for each
// article or failure, like Read. name labels it; contentType, when known,
// decides the format.
func ReadDocument(name, contentType string, b []byte, fn func(Item) error) error {
	r := reader{o: Options{MaxBytes: max(int64(len(b)), DefaultMaxBytes)}, fn: fn, ctx: context.Background()}
	return r.document(name, "", contentType, b)
}

// Formats Read recognises.
const (
	FormatText  = "text"
	FormatHTML  = "html"
	FormatFeed  = "feed"
	FormatJSONL = "jsonl"
)

// DetectFormat decides how to read a document from its name, its declared
// content type and its first bytes.
func DetectFormat(name, contentType string, b []byte) string {
	switch ct := contentType; {
	case strings.Contains(ct, "html"):
		return FormatHTML
	case strings.Contains(ct, "rss") || strings.Contains(ct, "atom") || strings.Contains(ct, "feed+json"):
		return FormatFeed
	case strings.Contains(ct, "ndjson") || strings.Contains(ct, "jsonl"):
		return FormatJSONL
	}
	switch strings.ToLower(filepath.Ext(name)) {
	case ".html", ".htm", ".xhtml":
		return FormatHTML
	case ".rss", ".atom":
		return FormatFeed
	case ".jsonl", ".ndjson":
		return FormatJSONL
	}
	head := bytes.ToLower(bytes.TrimSpace(b[:min(len(b), 1024)]))
	head = bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	switch {
	case bytes.HasPrefix(head, []byte("{")):
		if bytes.Contains(head, []byte("jsonfeed.org")) {
			return FormatFeed
		}
		return FormatJSONL
	case bytes.HasPrefix(head, []byte("[")) && json.Valid(bytes.TrimSpace(b)):
		return FormatJSONL // an array of records
	case bytes.HasPrefix(head, []byte("<?xml")) || bytes.HasPrefix(head, []byte("<rss")) || bytes.HasPrefix(head, []byte("<feed")) || bytes.HasPrefix(head, []byte("<rdf")):
		if bytes.Contains(head, []byte("<html")) {
			return FormatHTML
		}
		return FormatFeed
	case bytes.HasPrefix(head, []byte("<!doctype html")) || bytes.HasPrefix(head, []byte("<html")) || bytes.Contains(head, []byte("<body")) || bytes.Contains(head, []byte("<head")):
		return FormatHTML
	}
	return FormatText
}

// document parses one document and emits its articles.
func (r *reader) document(input, url, contentType string, b []byte) error {
	if len(bytes.TrimSpace(b)) == 0 {
		return r.fail(input, news.Errorf(news.EINVALID, "%s: empty input", input))
	}
	if d, ok := utf16Text(b); ok {
		b = d
	} else if d != nil {
		return r.fail(input, news.Errorf(news.EINVALID, "%s: a UTF-16 text with an odd number of bytes (convert the file to UTF-8)", input))
	}
	if kind := binaryKind(b); kind != "" {
		if kind == "application/octet-stream" && utf16Like(b) {
			return r.fail(input, news.Errorf(news.EINVALID, "%s: UTF-16 text without a byte order mark (convert the file to UTF-8)", input))
		}
		return r.fail(input, news.Errorf(news.EINVALID, "%s: not a text, HTML, feed or JSON document (its bytes look like %s)", input, kind))
	}
	emit := func(a *news.Article, err error) error { return r.emit(input, a, err) }
	src := input
	if url != "" {
		src = ""
	}
	switch DetectFormat(input, contentType, b) {
	case FormatHTML:
		a, err := htmlArticle(input, b, url)
		if a != nil {
			a.SourcePath = src
			if a.URL == "" {
				a.URL = url
			}
		}
		return emit(a, err)
	case FormatFeed:
		arts, errs, err := parseFeed(input, b)
		if err != nil {
			return r.fail(input, err)
		}
		for _, e := range errs {
			if err := r.fail(input, e); err != nil {
				return err
			}
		}
		var warns []error // one per article when links were fetched
		if r.o.FeedLinks.Fetch(url != "") && r.o.Fetcher != nil {
			gate := r.o.LinkGate
			if gate == nil {
				gate = &r.gate
			}
			warns, err = FetchLinks(r.ctx, r.o.Fetcher, arts, LinkOptions{Max: r.o.MaxFeedLinks, Wait: gate.Wait, Deadline: r.o.LinkDeadline})
			if err != nil {
				return err
			}
		}
		for i, a := range arts {
			var warn error
			if warns != nil {
				warn = warns[i]
			}
			if err := r.emitWarn(input, a, nil, warn); err != nil {
				return err
			}
		}
		return nil
	case FormatJSONL:
		ok, err := jsonDocument(input, b, htmlArticle, func(a *news.Article, err error) error { return r.emit(input, a, err) })
		if ok {
			return err
		}
		return r.jsonl(input, bytes.NewReader(b))
	}
	a, err := parseText(input, b, isMarkdown(input, contentType))
	if a != nil {
		a.SourcePath, a.URL = src, url
	}
	return emit(a, err)
}

// Prepare fills what every stored article needs from its Text: it
// normalizes the text and title, segments sentences, finds credit lines,
// detects the language, and computes the canonical URL, outlet and content
// hash. Returns EINVALID for an article without text.
func Prepare(a *news.Article) error {
	name := a.SourcePath
	if name == "" {
		name = a.URL
	}
	a.Text = text.Normalize(a.Text)
	if strings.TrimSpace(a.Text) == "" {
		return news.Errorf(news.EINVALID, "%s: empty article: no text", name)
	}
	a.Title = strings.Join(strings.Fields(text.Normalize(stripEscapes(a.Title))), " ")
	a.Byline = trimBy(strings.Join(strings.Fields(text.Normalize(stripEscapes(a.Byline))), " "))
	a.Sentences = text.Sentences(a.Text)
	a.Credits = credits(a.Text, a.Title)
	if a.Byline == "" {
		for _, c := range a.Credits {
			if c.Kind == news.CreditByline {
				a.Byline = c.Name
				break
			}
		}
	}
	if a.Lang == "" {
		sample := a.Text
		if len(sample) > 4000 {
			sample = sample[:4000]
		}
		a.Lang = text.DetectLang(a.Title + "\n\n" + sample)
	}
	if !webURL(a.URL) {
		a.URL = "" // a link to it would run a script or open a local file
	}
	if a.CanonicalURL == "" {
		a.CanonicalURL = CanonicalURL(a.URL)
	} else {
		a.CanonicalURL = CanonicalURL(a.CanonicalURL)
	}
	if a.Outlet == "" {
		a.Outlet = Outlet(a.CanonicalURL)
	}
	if future(a.Published) {
		// A page's metadata or a feed's clock is wrong: an article dated
		// next year would move the clusterer's clock past every story.
		a.Published = time.Time{}
	}
	if !a.Published.IsZero() {
		a.Published = a.Published.UTC()
	}
	sum := sha256.Sum256([]byte(a.Text))
	a.ContentHash = hex.EncodeToString(sum[:])
	return nil
}

// wholeJSON reports whether head opens a JSON document read whole rather
// than line by line: an array, or an object spread over lines (its first
// line is complete but not a JSON value).
func wholeJSON(head []byte) bool {
	head = bytes.TrimSpace(head)
	if bytes.HasPrefix(head, []byte("[")) {
		return true
	}
	first, _, found := bytes.Cut(head, []byte("\n"))
	return found && bytes.HasPrefix(first, []byte("{")) && !json.Valid(first)
}

// futureSlack is how far past the clock a publication time may lie (time
// zones written wrong, embargoed releases) before it counts as wrong.
const futureSlack = 48 * time.Hour

// future reports whether t lies more than futureSlack after now.
func future(t time.Time) bool {
	return !t.IsZero() && t.After(time.Now().Add(futureSlack))
}

// pathError drops the path that os errors repeat, since messages name it.
func pathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return fmt.Errorf("%w", err)
}

// reEscape matches a terminal escape sequence: CSI ("ESC [ 31 m"), OSC
// ("ESC ] 0 ; title BEL") or a two-byte escape.
var reEscape = regexp.MustCompile(`\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-_])`)

// stripEscapes drops the terminal escape sequences of a title or byline
// whole: text.Normalize drops the ESC character but would keep the
// "[31m" after it.
func stripEscapes(s string) string {
	if strings.IndexByte(s, 0x1b) < 0 {
		return s
	}
	return reEscape.ReplaceAllString(s, "")
}

// trimBy drops the "By " (or "By: ") that feeds, JSON records and author
// metadata often put before the names of a byline ("By Carla Jensen"), so
// that the byline is the names alone wherever it comes from.
func trimBy(byline string) string {
	if len(byline) > 3 && strings.EqualFold(byline[:2], "by") && (byline[2] == ' ' || byline[2] == ':') {
		rest := strings.TrimLeft(byline[3:], " ")
		if r, _ := utf8.DecodeRuneInString(rest); unicode.IsUpper(r) {
			return rest
		}
	}
	return byline
}

// binaryKind names the format of b when it is a known binary one (an
// image, audio, video, a PDF, an archive) or holds NUL bytes in its first
// 512, else "". A stray control character (a vertical tab, a DOS
// end-of-file mark) does not make a text binary.
func binaryKind(b []byte) string {
	kind, _, _ := strings.Cut(http.DetectContentType(b), ";")
	switch {
	case strings.HasPrefix(kind, "text/"):
		return ""
	case kind == "application/octet-stream":
		if bytes.IndexByte(b[:min(len(b), 512)], 0) < 0 {
			return ""
		}
	}
	return kind
}

// utf16Text decodes a document that opens with a UTF-16 byte order mark
// (a "Unicode" text saved by Windows editors) to UTF-8. It returns nil,
// false for any other document, and a non-nil slice with false for a
// UTF-16 one whose length is odd (cut short).
func utf16Text(b []byte) ([]byte, bool) {
	var order binary.ByteOrder
	switch {
	case len(b) >= 2 && b[0] == 0xFF && b[1] == 0xFE:
		order = binary.LittleEndian
	case len(b) >= 2 && b[0] == 0xFE && b[1] == 0xFF:
		order = binary.BigEndian
	default:
		return nil, false
	}
	if len(b)%2 != 0 {
		return b, false
	}
	u := make([]uint16, 0, len(b)/2-1)
	for i := 2; i+1 < len(b); i += 2 {
		u = append(u, order.Uint16(b[i:]))
	}
	return []byte(string(utf16.Decode(u))), true
}

// utf16Like reports whether the first bytes of b read as UTF-16 text in
// a Latin script: nine in ten of every other byte NUL, the bytes between
// them not.
func utf16Like(b []byte) bool {
	b = b[:min(len(b), 512)&^1]
	pairs := len(b) / 2
	if pairs < 4 {
		return false
	}
	for _, off := range []int{0, 1} { // big-endian NULs first, or little-endian
		zero, other := 0, 0
		for i := 0; i+1 < len(b); i += 2 {
			if b[i+off] == 0 {
				zero++
			}
			if b[i+1-off] != 0 {
				other++
			}
		}
		if zero*10 >= pairs*9 && other*10 >= pairs*9 {
			return true
		}
	}
	return false
}
