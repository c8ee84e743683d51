package jobs

import (
	"errors"
	"testing"
)

// The ids issue 12 found unstorable, and the KV keys they are stored
// under: the README's `nats kv get` example depends on these exact keys.
func TestKey(t *testing.T) {
	t.Parallel()
	for id, want := range map[string]string{
		"plain-id_1": "plain-id_1",
		"a:b":        "a=3Ab",
		"x$y":        "x=24y",
		"café":       "caf=C3=A9",
		"caf%C3%A9":  "caf=25C3=25A9",
		"a=3Ab":      "a=3D3Ab", // '=' is escaped too: no two ids share a key
		"a/b+c":      "a=2Fb=2Bc",
	} {
		if got := Key(id); got != want {
			t.Errorf("Key(%q) = %q, want %q", id, got, want)
		}
	}
	if got := TenantKey("alice", "a:b"); got != "alice.a=3Ab" {
		t.Errorf("TenantKey = %q", got)
	}
	if got := CancelSubjectFor("alice", "a:b"); got != "natsexec.cancel.alice.a=3Ab" {
		t.Errorf("CancelSubjectFor = %q", got)
	}
}

func FuzzKey(f *testing.F) {
	for _, s := range []string{"a:b", "x$y", "café", "caf%C3%A9", "=", "\xff"} {
		f.Add(s, s+"x")
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		ka := Key(a)
		for i := 0; i < len(ka); i++ {
			if !keyByte(ka[i]) && ka[i] != '=' {
				t.Fatalf("Key(%q) = %q holds %q", a, ka, ka[i])
			}
		}
		if a != b && ka == Key(b) {
			t.Fatalf("Key(%q) == Key(%q) == %q", a, b, ka)
		}
	})
}

func TestSubjects(t *testing.T) {
	t.Parallel()
	for subject, want := range map[string][2]string{
		"jobs.default":       {"default", ""},
		"jobs.gpu.alice":     {"gpu", "alice"},
		"jobs.default.bob-2": {"default", "bob-2"},
	} {
		q, tenant, err := ParseJobSubject(subject)
		if err != nil || q != want[0] || tenant != want[1] {
			t.Errorf("%s: %q %q %v", subject, q, tenant, err)
		}
		if back := JobSubjectFor(q, tenant); back != subject {
			t.Errorf("JobSubjectFor(%q, %q) = %q", q, tenant, back)
		}
	}
	for _, subject := range []string{"jobs", "jobs.", "jobs.a.b.c", "other.a", "jobs.a.b$c"} {
		if _, _, err := ParseJobSubject(subject); !errors.Is(err, ErrInvalidJob) {
			t.Errorf("%s: %v", subject, err)
		}
	}
	if tenant, err := ParseServiceSubject("natsexec.run.alice"); err != nil || tenant != "alice" {
		t.Errorf("service subject: %q %v", tenant, err)
	}
	if tenant, err := ParseServiceSubject("natsexec.run"); err != nil || tenant != "" {
		t.Errorf("service subject: %q %v", tenant, err)
	}
	if err := ValidTenant("a.b"); err == nil {
		t.Error("tenant a.b accepted")
	}
}

// Subjects come from the network: parsing never panics, and whatever it
// accepts names a valid tenant and maps back to the same subject.
func FuzzParseJobSubject(f *testing.F) {
	for _, s := range []string{"jobs.default", "jobs.q.alice", "jobs..x", "jobs.a.b.c", "natsexec.run.x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, subject string) {
		q, tenant, err := ParseJobSubject(subject)
		if err != nil {
			return
		}
		if tenant != "" && ValidTenant(tenant) != nil {
			t.Fatalf("%q: invalid tenant %q accepted", subject, tenant)
		}
		if back := JobSubjectFor(q, tenant); back != subject {
			t.Fatalf("%q parsed to (%q, %q), which is %q", subject, q, tenant, back)
		}
		if tenant, err := ParseServiceSubject(subject); err == nil && tenant != "" && ValidTenant(tenant) != nil {
			t.Fatalf("service subject %q: tenant %q", subject, tenant)
		}
	})
}
