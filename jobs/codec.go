package jobs

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"reflect"
	"strings"

	"github.com/vmihailenco/msgpack/v5"
)

// Codec names an encoding of jobs and results on the wire.
type Codec int

const (
	Msgpack Codec = iota
	JSON
)

// CodecFor picks the codec a Content-Type header asks for. An empty header
// means msgpack; anything that is neither msgpack nor JSON is an error.
func CodecFor(contentType string) (Codec, error) {
	if contentType == "" {
		return Msgpack, nil
	}
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return 0, fieldErr("Content-Type", "%q: %v", contentType, err)
	}
	switch mt {
	case ContentTypeMsgpack, "application/x-msgpack", "application/vnd.msgpack":
		return Msgpack, nil
	case ContentTypeJSON:
		return JSON, nil
	}
	return 0, fieldErr("Content-Type", "%q: want %s or %s", contentType, ContentTypeMsgpack, ContentTypeJSON)
}

// ContentType is the header value that names c.
func (c Codec) ContentType() string {
	if c == JSON {
		return ContentTypeJSON
	}
	return ContentTypeMsgpack
}

// Marshal encodes v with c.
func (c Codec) Marshal(v any) ([]byte, error) {
	if c == JSON {
		return json.Marshal(v)
	}
	return msgpack.Marshal(v)
}

// Unmarshal decodes data into v with c. Unknown fields are ignored so that
// newer submitters can talk to older workers. A msgpack body is checked
// first (CheckMsgpack): the decoder trusts its lengths and recurses per
// level. encoding/json bounds its own nesting.
func (c Codec) Unmarshal(data []byte, v any) error {
	if c == JSON {
		return json.Unmarshal(data, v)
	}
	if err := CheckMsgpack(data, MaxMsgpackDepth); err != nil {
		return err
	}
	return msgpack.Unmarshal(data, v)
}

// decodeError turns a codec failure into a FieldError. JSON says which field
// had the wrong type; msgpack does not, so each known field is decoded alone
// until one fails. This runs only on the error path.
func decodeError(c Codec, data []byte, err error) error {
	if c == JSON {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) && te.Field != "" {
			return fieldErr(te.Field, "wrong type: got JSON %s, want %s", te.Value, te.Type)
		}
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return fieldErr("body", "not valid JSON at byte %d: %v", se.Offset, err)
		}
		return fieldErr("body", "%v", err)
	}
	if errors.Is(err, ErrMsgpackDepth) || errors.Is(err, ErrMsgpackShort) {
		// Never handed to the decoder: see CheckMsgpack.
		return &FieldError{Field: "body", Reason: err.Error(), Err: err}
	}
	var raw map[string]msgpack.RawMessage
	if msgpack.Unmarshal(data, &raw) != nil {
		return fieldErr("body", "not a msgpack map (a job is a map of field names to values): %v", err)
	}
	t := reflect.TypeFor[Job]()
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("msgpack"), ",")
		b, ok := raw[name]
		if !ok {
			continue
		}
		v := reflect.New(f.Type)
		dec := msgpack.NewDecoder(bytes.NewReader(b))
		if ferr := dec.Decode(v.Interface()); ferr != nil {
			return fieldErr(name, "wrong type for %s: %v", f.Type, ferr)
		}
	}
	return fieldErr("body", "%v", err)
}

// EncodeResult encodes a result with c.
func EncodeResult(c Codec, r *Result) ([]byte, error) {
	b, err := c.Marshal(r)
	if err != nil {
		return nil, fmt.Errorf("encode result %s: %w", r.JobID, err)
	}
	return b, nil
}

// DecodeResult decodes a result body with c.
func DecodeResult(c Codec, data []byte) (Result, error) {
	var r Result
	if err := c.Unmarshal(data, &r); err != nil {
		return r, fmt.Errorf("decode result: %w", err)
	}
	return r, nil
}
