package jobs

import (
	"errors"
	"fmt"
)

// ErrInvalidJob is wrapped by every validation and decoding failure, so a
// worker can tell a bad job (final, rejected) from a failure of its own.
var ErrInvalidJob = errors.New("invalid job")

// FieldError names the field of a job that is wrong and why.
type FieldError struct {
	Field  string
	Reason string
	// Err, when set, is the cause Reason describes.
	Err error
}

func (e *FieldError) Error() string {
	return fmt.Sprintf("invalid job: field %s: %s", e.Field, e.Reason)
}

// Is makes every FieldError match ErrInvalidJob.
func (e *FieldError) Is(target error) bool { return target == ErrInvalidJob }

func (e *FieldError) Unwrap() error { return e.Err }

func fieldErr(field, format string, args ...any) error {
	return &FieldError{Field: field, Reason: fmt.Sprintf(format, args...)}
}
