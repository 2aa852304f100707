package news_test

import (
	"errors"
	"io"
	"testing"

	"github.com/crosscheck-news/crosscheck/internal/news"
)

func TestErrorText(t *testing.T) {
	for _, tc := range []struct {
		err  *news.Error
		want string
	}{
		// Errorf's message already holds the wrapped cause: not twice.
		{news.Errorf(news.EINVALID, "read header: %w", io.EOF), "read header: EOF"},
		{news.Errorf(news.EINVALID, "bad row %d", 3), "bad row 3"},
		{&news.Error{Code: news.EINVALID, Message: "open model", Err: io.EOF}, "open model: EOF"},
		{&news.Error{Code: news.ENOTFOUND}, news.ENOTFOUND},
	} {
		if got := tc.err.Error(); got != tc.want {
			t.Errorf("Error() = %q, want %q", got, tc.want)
		}
	}
	if err := news.Errorf(news.EINVALID, "read header: %w", io.EOF); !errors.Is(err, io.EOF) {
		t.Error("Errorf with %w does not wrap its cause")
	}
}
