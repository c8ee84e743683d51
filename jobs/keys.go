package jobs

import (
	"strings"
)

// A job id may be any string Validate accepts (up to 128 bytes, no spaces,
// dots, wildcards or control characters), but KV keys and subject tokens
// allow far less. Key escapes an id into one: letters, digits, '-' and '_'
// stay as they are, and every other byte b becomes "=XX", its two upper-case
// hex digits. '=' is itself escaped, so the mapping is one to one:
//
//	a:b → a=3Ab    x$y → x=24y    café → caf=C3=A9    caf%C3%A9 → caf=25C3=25A9
//
// The results and cancel buckets are keyed by it, and cancel subjects end
// with it; `nats kv get natsexec-results KEY` reads a result by it.
func Key(id string) string {
	plain := true
	for i := 0; i < len(id); i++ {
		if !keyByte(id[i]) {
			plain = false
			break
		}
	}
	if plain {
		return id
	}
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	b.Grow(len(id) * 3)
	for i := 0; i < len(id); i++ {
		c := id[i]
		if keyByte(c) {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('=')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&0xf])
	}
	return b.String()
}

func keyByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_'
}

// A tenant is the identity a job was submitted under. Tenants exist when
// the NATS server's permissions bind each submitter to its own subjects
// (see deploy/nats-tenants.conf): a tenant may publish only to
// jobs.<queue>.<tenant> and natsexec.run.<tenant>, so the subject a job
// arrived on names its tenant, as authenticated by the server; the job's
// own fields never do. Without tenants (jobs.<queue>, natsexec.run) the
// tenant is empty.
//
// The tenant prefixes everything of a job's: its result key
// (<tenant>.<Key(id)>), its cancel mark and subject, its dead letter's
// subject, so permissions can give each tenant its own and nothing else.

// MaxTenantLength bounds a tenant name.
const MaxTenantLength = 64

// ValidTenant checks a tenant name: one subject token of letters, digits,
// '-' and '_'.
func ValidTenant(t string) error {
	if t == "" || len(t) > MaxTenantLength {
		return fieldErr("tenant", "%q must be 1 to %d bytes", t, MaxTenantLength)
	}
	for i := 0; i < len(t); i++ {
		if !keyByte(t[i]) {
			return fieldErr("tenant", "%q: only letters, digits, '-' and '_' are allowed", t)
		}
	}
	return nil
}

// TenantKey is the results and cancel bucket key of job id of tenant.
func TenantKey(tenant, id string) string {
	if tenant == "" {
		return Key(id)
	}
	return tenant + "." + Key(id)
}

// JobsStreamFor is the work-queue stream holding tenant's jobs. Each
// tenant has its own, so one tenant's Nats-Msg-Id values (JetStream dedupes
// per stream) can never drop another's job as a duplicate, and a tenant's
// queue can be given limits of its own.
func JobsStreamFor(tenant string) string {
	if tenant == "" {
		return JobsStream
	}
	return JobsStream + "_" + tenant
}

// TenantOfStream is the tenant whose jobs stream is name, and whether name
// is a jobs stream at all.
func TenantOfStream(name string) (tenant string, ok bool) {
	if name == JobsStream {
		return "", true
	}
	tenant, ok = strings.CutPrefix(name, JobsStream+"_")
	return tenant, ok && ValidTenant(tenant) == nil
}

// JobSubjectFor is where tenant publishes jobs for queue.
func JobSubjectFor(queue, tenant string) string {
	if tenant == "" {
		return JobSubject(queue)
	}
	return JobSubject(queue) + "." + tenant
}

// ServiceSubjectFor is the request/reply subject for tenant.
func ServiceSubjectFor(tenant string) string {
	if tenant == "" {
		return ServiceSubject
	}
	return ServiceSubject + "." + tenant
}

// CancelSubjectFor is the subject that cancels tenant's job id.
func CancelSubjectFor(tenant, id string) string {
	return CancelSubject + "." + TenantKey(tenant, id)
}

// DeadSubjectFor is where a job of tenant from queue is dead-lettered.
func DeadSubjectFor(queue, tenant string) string {
	if tenant == "" {
		return DeadSubjectRoot + "." + queue
	}
	return DeadSubjectRoot + "." + queue + "." + tenant
}

// ParseJobSubject splits jobs.<queue>[.<tenant>] into its queue and tenant.
func ParseJobSubject(subject string) (queue, tenant string, err error) {
	rest, ok := strings.CutPrefix(subject, JobsSubjectRoot+".")
	if !ok {
		return "", "", fieldErr("subject", "%q is not under %s.", subject, JobsSubjectRoot)
	}
	queue, tenant, hasTenant := strings.Cut(rest, ".")
	if queue == "" || strings.ContainsAny(queue, "*> \t\r\n") || hasTenant && tenant == "" || strings.Contains(tenant, ".") {
		return "", "", fieldErr("subject", "%q: want %s.<queue> or %s.<queue>.<tenant>", subject, JobsSubjectRoot, JobsSubjectRoot)
	}
	if tenant != "" {
		if err := ValidTenant(tenant); err != nil {
			return "", "", err
		}
	}
	return queue, tenant, nil
}

// ParseServiceSubject returns the tenant a natsexec.run[.<tenant>] request
// was sent under.
func ParseServiceSubject(subject string) (tenant string, err error) {
	if subject == ServiceSubject {
		return "", nil
	}
	tenant, ok := strings.CutPrefix(subject, ServiceSubject+".")
	if !ok {
		return "", fieldErr("subject", "%q is not %s[.<tenant>]", subject, ServiceSubject)
	}
	return tenant, ValidTenant(tenant)
}
