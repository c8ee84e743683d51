package jobs

import (
	"fmt"
	"strings"
)

// DefaultReplySubjects are where a job may have its result sent unless the
// fleet says otherwise: the inboxes NATS clients make, and the fleet's own
// documented prefix. A worker publishes a reply with its own rights, so a
// reply anywhere else could reach the JetStream API ($JS.API.STREAM.PURGE…)
// or another user's job (natsexec.cancel.<id>).
var DefaultReplySubjects = []string{"_INBOX.>", "natsexec.reply.>"}

// CheckReply refuses a reply subject that is not a plain subject under one
// of the allowed patterns (NATS wildcards: * one token, > the rest), and
// any subject of the server's own APIs ($JS, $KV, $O, $SYS, …) whatever
// the patterns say. The error is a FieldError naming reply.
//
// A tenant's job may only have its result sent to that tenant's part of
// an allowed pattern: the token where the pattern's '>' starts must be the
// tenant (_INBOX.alice.…, natsexec.reply.alice.…), so one tenant cannot
// aim results at another's inbox.
func CheckReply(subject string, allowed []string, tenant string) error {
	if subject == "" {
		return nil
	}
	tokens := strings.Split(subject, ".")
	for _, t := range tokens {
		if t == "" || t == "*" || t == ">" || strings.ContainsAny(t, " \t\r\n") {
			return fieldErr("reply", "%q is not a plain NATS subject", subject)
		}
	}
	if strings.HasPrefix(subject, "$") {
		return fieldErr("reply", "%q is a subject of the server's own API; results go only to %s", subject, strings.Join(allowed, ", "))
	}
	for _, p := range allowed {
		pattern := strings.Split(p, ".")
		if !subjectMatches(tokens, pattern) {
			continue
		}
		if tenant == "" {
			return nil
		}
		if at := len(pattern) - 1; pattern[at] == ">" && tokens[at] == tenant {
			return nil
		}
	}
	if tenant != "" {
		return fieldErr("reply", "%q is not tenant %s's: a tenant's results go only to <prefix>.%s.> under %s", subject, tenant, tenant, strings.Join(allowed, ", "))
	}
	return fieldErr("reply", "%q is not under an allowed reply subject (%s)", subject, strings.Join(allowed, ", "))
}

// ValidReplyPatterns checks a fleet's reply patterns: each a subject
// pattern, none reaching the server's own API.
func ValidReplyPatterns(patterns []string) error {
	for _, p := range patterns {
		tokens := strings.Split(p, ".")
		for i, t := range tokens {
			if t == "" || strings.ContainsAny(t, " \t\r\n") || (t == ">" && i != len(tokens)-1) {
				return fmt.Errorf("reply subject pattern %q is not a NATS subject pattern", p)
			}
		}
		if strings.HasPrefix(p, "$") || tokens[0] == "*" || tokens[0] == ">" {
			return fmt.Errorf("reply subject pattern %q would reach the server's own API", p)
		}
	}
	return nil
}

func subjectMatches(subject, pattern []string) bool {
	for i, p := range pattern {
		switch {
		case p == ">":
			return len(subject) > i
		case i >= len(subject):
			return false
		case p != "*" && p != subject[i]:
			return false
		}
	}
	return len(subject) == len(pattern)
}
