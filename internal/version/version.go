// Package version holds the build's version, set at link time with
// -ldflags "-X github.com/crosscheck-news/crosscheck/internal/version.Version=…".
package version

// Version is the release version; "dev" for builds from a work tree.
var Version = "dev"

// Commit is the git commit the binary was built from, when known.
var Commit = ""
