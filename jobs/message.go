package jobs

import (
	"time"
)

// Header is the part of a message's headers a job decoder reads; nats.Header
// satisfies it.
type Header interface {
	Get(key string) string
}

// FromMessage decodes a job from a message body and its headers. The
// Content-Type header picks the codec; the Natsexec-* headers override the
// body's placement, runtime and timeout; Nats-Msg-Id names the job when the
// body does not. The job is validated. The codec is returned even on error
// so that a rejection can be answered in the submitter's encoding.
func FromMessage(h Header, data []byte) (Job, Codec, error) {
	codec, err := CodecFor(h.Get(HeaderContentType))
	if err != nil {
		return Job{ID: h.Get(HeaderMsgID)}, Msgpack, err
	}
	var j Job
	// The header id names even a job whose body cannot be read, so its
	// rejection is stored where the submitter will look.
	headerID := h.Get(HeaderMsgID)
	if len(data) == 0 {
		return Job{ID: headerID}, codec, fieldErr("body", "empty message")
	}
	if err := codec.Unmarshal(data, &j); err != nil {
		return Job{ID: headerID}, codec, decodeError(codec, data, err)
	}
	switch {
	case j.ID == "":
		j.ID = headerID
	case headerID != "" && headerID != j.ID:
		// JetStream dedupes on the header, results are stored under the
		// body's: two ids would let one job replace another's result.
		return Job{ID: headerID}, codec, fieldErr("id", "the body's id %q and the %s header %q differ; a job has one id", j.ID, HeaderMsgID, headerID)
	}
	if v := h.Get(HeaderPlacement); v != "" {
		j.Placement = Placement(v)
	}
	if v := h.Get(HeaderRuntime); v != "" {
		j.Runtime = Runtime(v)
	}
	if v := h.Get(HeaderTimeout); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			return j, codec, fieldErr(HeaderTimeout, "%q is not a duration like \"5s\"", v)
		}
		j.Limits.Timeout = Duration(d)
	}
	if err := j.Validate(); err != nil {
		return j, codec, err
	}
	return j, codec, nil
}
