package guest

import "sync"

// capWriter collects a guest's output up to a cap. Past the cap it keeps
// nothing more, records that it truncated, and calls onLimit once so the
// runtime can stop the guest: a flood must never grow memory without bound.
type capWriter struct {
	mu        sync.Mutex
	buf       []byte
	limit     int64
	truncated bool
	onLimit   func()
}

func newCapWriter(limit int64, onLimit func()) *capWriter {
	return &capWriter{limit: limit, onLimit: onLimit}
}

// Write never fails, so a guest cannot use a write error to probe the cap.
func (w *capWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	room := w.limit - int64(len(w.buf))
	fire := false
	if int64(len(p)) > room {
		if room > 0 {
			w.buf = append(w.buf, p[:room]...)
		}
		fire = !w.truncated
		w.truncated = true
	} else {
		w.buf = append(w.buf, p...)
	}
	w.mu.Unlock()
	if fire && w.onLimit != nil {
		w.onLimit()
	}
	return len(p), nil
}

// take returns what was written and whether it was truncated, and resets w.
func (w *capWriter) take() ([]byte, bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	b, t := w.buf, w.truncated
	w.buf, w.truncated = nil, false
	return b, t
}
