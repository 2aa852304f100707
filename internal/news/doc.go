// Package news holds crosscheck's domain types: articles, stories, quotes,
// reused passages and credibility reports, the error codes shared by every
// layer, and the storage interfaces the backends implement.
//
// It imports only the standard library. Every other package talks to the rest
// of the system in these types.
//
// Offsets: unless a comment says otherwise, every offset is a byte offset into
// Article.Text (the normalized UTF-8 plain text that is stored), and spans are
// half-open: Span{Start: 3, End: 7} covers Text[3:7].
package news
