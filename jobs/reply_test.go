package jobs

import (
	"errors"
	"testing"
)

// The replies an attacker tried, and the inboxes clients really use.
func TestCheckReply(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"", "_INBOX.abc", "_INBOX.abc.def", "natsexec.reply.team.1"} {
		if err := CheckReply(s, DefaultReplySubjects, ""); err != nil {
			t.Errorf("%q refused: %v", s, err)
		}
	}
	for _, s := range []string{
		"$JS.API.STREAM.PURGE.NATSEXEC_JOBS", "$JS.API.STREAM.PURGE.KV_natsexec-results", "$KV.natsexec-results.x",
		"$SYS.REQ.SERVER.PING", "$O.b.x", "natsexec.cancel.someone", "jobs.default", "natsexec.run",
		"_INBOX", "natsexec.reply", "_INBOX.*", "_INBOX.>", "_INBOX..x", "_INBOX.a b",
	} {
		err := CheckReply(s, DefaultReplySubjects, "")
		var fe *FieldError
		if !errors.Is(err, ErrInvalidJob) || !errors.As(err, &fe) || fe.Field != "reply" {
			t.Errorf("%q: %v, want a FieldError naming reply", s, err)
		}
	}
	// Even a pattern that would take everything cannot open the server's API.
	if err := CheckReply("$JS.API.INFO", []string{"$JS.>"}, ""); err == nil {
		t.Error("a $JS reply passed")
	}
	for _, p := range [][]string{{">"}, {"$JS.>"}, {"a.>.b"}, {"*.x"}} {
		if err := ValidReplyPatterns(p); err == nil {
			t.Errorf("pattern %q accepted", p)
		}
	}
	if err := ValidReplyPatterns(DefaultReplySubjects); err != nil {
		t.Error(err)
	}

	// A tenant's results go only to its own part of the patterns.
	for _, s := range []string{"_INBOX.alice.x", "_INBOX.alice.x.y", "natsexec.reply.alice.1"} {
		if err := CheckReply(s, DefaultReplySubjects, "alice"); err != nil {
			t.Errorf("alice: %q refused: %v", s, err)
		}
	}
	for _, s := range []string{"_INBOX.bob.x", "_INBOX.x", "natsexec.reply.bob.alice", "_INBOX.alicex.1"} {
		if err := CheckReply(s, DefaultReplySubjects, "alice"); err == nil {
			t.Errorf("alice: %q accepted", s)
		}
	}
}
