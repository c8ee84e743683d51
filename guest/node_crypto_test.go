package guest

import (
	"crypto/pbkdf2"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"hash"
	"testing"
	"time"

	"github.com/natsexec/natsexec/jobs"
)

// Each testdata/crypto/NAME.js prints exactly what Node 20 printed for it.
func TestCryptoMatchesNode(t *testing.T) {
	t.Parallel()
	matchNode20(t, "testdata/crypto")
}

// The work a guest asks of PBKDF2 and scrypt is bounded by the job: a
// result or a scrypt memory past limits.memory_bytes is refused up front,
// and the long loops stop at the deadline.
func TestCryptoBounds(t *testing.T) {
	t.Parallel()
	res := execJS(t, newNodeVM(t, Config{Limits: jobs.Limits{MemoryBytes: 64 << 20}}), `
const c = require('crypto');
const show = (f) => { try { f(); console.log('no error'); } catch (e) { console.log(e.name, e.code, e.message); } };
show(() => c.randomBytes(65 << 20));
show(() => c.pbkdf2Sync('p', 's', 1, 65 << 20, 'sha256'));
show(() => c.scryptSync('p', 's', 16, { N: 1 << 16, r: 8, maxmem: 1 << 30 }));
show(() => c.scryptSync('p', 's', 65 << 20, { N: 16, r: 1 }));
crypto.subtle.generateKey({ name: 'HMAC', hash: 'SHA-256', length: 8 * (65 << 20) }, true, ['sign']).catch((e) => console.log(e.name));
`)
	want := "RangeError ERR_OUT_OF_RANGE The value of \"size\" is out of range. It must be >= 0 && <= 67108864. Received 68157440\n" +
		"RangeError ERR_OUT_OF_RANGE The value of \"keylen\" is out of range. It must be >= 0 && <= 67108864. Received 68157440\n" +
		"RangeError ERR_CRYPTO_INVALID_SCRYPT_PARAMS Invalid scrypt params: error:030000AC:digital envelope routines::memory limit exceeded\n" +
		"RangeError ERR_OUT_OF_RANGE The value of \"keylen\" is out of range. It must be >= 0 && <= 67108864. Received 68157440\n" +
		"OperationError\n"
	if res.Kind != KindNone || string(res.Stdout) != want {
		t.Errorf("kind %q %s\nstdout:\n%s\nwant:\n%s", res.Kind, res.Error, res.Stdout, want)
	}

	const timeout = 150 * time.Millisecond
	v := newNodeVM(t, Config{Limits: jobs.Limits{Timeout: jobs.Duration(timeout)}})
	for name, src := range map[string]string{
		// Hours of work in Node; here stopped at the deadline.
		"pbkdf2":       `require('crypto').pbkdf2Sync('p', 's', 2147483647, 64, 'sha512')`,
		"pbkdf2 async": `require('crypto').pbkdf2('p', 's', 2147483647, 64, 'sha512', () => {})`,
		"scrypt":       `require('crypto').scryptSync('p', 's', 64, { N: 65536, r: 2, p: 60000 })`,
		"caught":       `try { require('crypto').scryptSync('p', 's', 64, { N: 65536, r: 2, p: 60000 }) } catch (e) { console.log('caught') }`,
	} {
		start := time.Now()
		res := execJS(t, v, src)
		if res.Kind != KindTimeout || len(res.Stdout) != 0 {
			t.Errorf("%s: kind %q stdout %q: %s", name, res.Kind, res.Stdout, res.Error)
		}
		if d := time.Since(start); d > timeout+time.Second {
			t.Errorf("%s: stopped after %s", name, d)
		}
	}
	if res := execJS(t, v, `require('crypto').createHash('md5').update('x').digest('hex')`); res.Kind != KindNone {
		t.Errorf("after the stops: %q %s", res.Kind, res.Error)
	}
}

// pbkdf2Key is written out to be interruptible; it must agree with the
// standard library's.
func TestCryptoPBKDF2AgreesWithStd(t *testing.T) {
	t.Parallel()
	cm := &cryptoMod{js: &jsState{n: &nodeRuntime{}}}
	for _, h := range []func() hash.Hash{sha1.New, sha256.New, sha512.New} {
		for _, c := range []struct{ iter, keyLen int }{{1, 0}, {1, 20}, {3, 64}, {1000, 100}, {2, 1}} {
			want, err := pbkdf2.Key(h, "password", []byte("salt"), c.iter, c.keyLen)
			if err != nil && c.keyLen != 0 {
				t.Fatal(err)
			}
			got := cm.pbkdf2Key(h, []byte("password"), []byte("salt"), c.iter, c.keyLen)
			if string(got) != string(want) {
				t.Errorf("iter %d keyLen %d: %x, want %x", c.iter, c.keyLen, got, want)
			}
		}
	}
}
