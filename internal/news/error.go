package news

import (
	"errors"
	"fmt"
	"strings"
)

// Error codes. They are stable machine names: the HTTP layer maps each to one
// status in a single table, and the CLI maps them to exit codes.
const (
	ECONFLICT = "conflict"  // the action cannot be done in the current state
	EINTERNAL = "internal"  // a bug or an unexpected failure of a dependency
	EINVALID  = "invalid"   // the input is malformed or fails validation
	ENOTFOUND = "not_found" // the entity does not exist
)

// Error is a domain error with a machine-readable code and a human message.
// Err, when set, is the underlying cause and is returned by Unwrap.
type Error struct {
	Code    string
	Message string
	Err     error
}

// Error implements the error interface. The cause is appended to the
// message unless the message already ends with it, as one made by Errorf
// with %w does.
func (e *Error) Error() string {
	switch {
	case e.Message != "" && e.Err != nil:
		if cause := e.Err.Error(); !strings.HasSuffix(e.Message, cause) {
			return e.Message + ": " + cause
		}
		return e.Message
	case e.Message != "":
		return e.Message
	case e.Err != nil:
		return e.Err.Error()
	}
	return e.Code
}

// Unwrap returns the underlying cause, if any.
func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error with the given code and a formatted message. A %w
// verb in format wraps the cause as with fmt.Errorf.
func Errorf(code, format string, args ...any) *Error {
	err := fmt.Errorf(format, args...)
	return &Error{Code: code, Message: err.Error(), Err: errors.Unwrap(err)}
}

// ErrorCode returns the code of the first *Error in err's chain. It returns ""
// for a nil error and EINTERNAL for an error that carries no code.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the message of the first *Error in err's chain, or
// "Internal error." for errors that carry no code, so that internal details
// never reach a user.
func ErrorMessage(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Error()
	}
	return "Internal error."
}
