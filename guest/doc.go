// Package guest runs untrusted programs: JavaScript and TypeScript on goja
// with a Node-compatible surface, and WASI modules on wazero. It knows
// nothing of NATS or processes; a sidecar hosts it.
//
// A Host holds what is worth sharing across VMs in one process (compiled
// modules, transformed sources, compiled programs). A VM is one isolated
// execution environment: a private directory reached only through os.Root
// and wazero's directory mount, the job's env and args, and its limits.
//
// The life of a VM follows the reference's phases:
//
//	vm, _ := host.NewVM(ctx)            // vm_create
//	vm.Configure(cfg)                   // vm_configure
//	vm.MountNode(ctx)                   // runtime_mount_node
//	vm.MountWASM(ctx)                   // runtime_mount_wasm
//	res := vm.Exec(ctx, req)            // first_exec, then warm_exec
//	vm.Reset(ctx)                       // fresh guest state for a resident runner
//	vm.Close()
//
// A VM's files are bounded and counted: limits.file_bytes caps the bytes in
// its regular files and limits.file_count its entries (files and
// directories, the seed's included). Both runtimes and the WASM commands
// charge one exact account per VM (fileQuota) as they change the tree, so a
// write, create or mkdir past a limit fails (ENOSPC in JS, EIO in WASI) and
// ends the exec with KindFileLimit, deleting gives room back, and every
// ExecResult reports what the directory holds in Usage.FileBytes and
// Usage.Files without walking it. Close removes the VM's directory; the
// sidecar's whole directory goes when its process is reaped (see
// worker/sidecar).
//
// A job's WASM module is walked once (checkWASM, linear in its size) before
// wazero compiles it, and refused as a guest error naming the bound it
// passes: 32 MiB; the JS embedding's limits on counts (types, functions,
// imports, ...); per function a 1 MiB body, 50,000 locals, blocks nested
// 4096 deep, and a compile cost estimated from its branch points and
// locals, whose sum over the module is bounded too (wasmcheck.go has the
// figures). What passes may still compile for long: the compile counts
// against the job's timeout, big compiles queue for a compile slot (one
// per core) within that time, and a run whose module is still compiling at
// its deadline ends with ExecResult.CompileOverrun, on which the worker
// kills the process, as nothing else stops a compile.
//
// The node mount's crypto (require('crypto') and the global Web Crypto) is
// Go's standard library: md5, sha1, sha2 and sha3 hashes, HMAC, PBKDF2,
// scrypt, random values from the OS, and subtle's digest, HMAC
// sign/verify, AES-GCM encrypt/decrypt, generateKey, raw importKey and
// raw/jwk exportKey. KeyObject (createSecretKey, createPublicKey,
// createPrivateKey; PEM, DER as pkcs1/spki/pkcs8/sec1, and JWK; export and
// equals), Sign/Verify, crypto.sign/verify (RSA PKCS#1 v1.5 and PSS, ECDSA
// in DER or ieee-p1363, Ed25519), generateKeyPair(Sync) for rsa, ec,
// ed25519 and x25519 and generateKey(Sync) are in node_crypto_keys.go;
// createHmac takes a secret KeyObject. There: EC is P-224 to P-521 (no
// secp256k1), RSA keys are 1024 to 16384 bits (generated up to 8192, e =
// 65537 only), encrypted private keys, RSA-PSS keys, DSA, DH, Ed448/X448
// and a PSS salt length of 0 for signing are refused with
// ERR_CRYPTO_UNSUPPORTED_OPERATION, and Sign/Verify are not streams.
// Ciphers, HKDF, X509Certificate and the other Web Crypto algorithms are
// absent, not stubbed. A result must fit limits.memory_bytes, which also
// caps scrypt's maxmem, and PBKDF2, scrypt and the RSA prime search stop
// at the deadline (node_crypto.go).
//
// tty, diagnostics_channel, net and dns are JavaScript (js_small.go). No
// guest fd is a terminal: tty.isatty is false, a tty stream cannot be made
// (Node's ERR_TTY_INIT_FAILED) and process.stdout.isTTY is undefined.
// diagnostics_channel is Node's own, with channels held strongly. Guests
// have no network: net's isIP, BlockList and SocketAddress are Node's, and
// Socket (a stream.Duplex) and Server keep Node's checks and events, but
// every connect, listen and dns query fails on a later turn of the loop
// with an EACCES error (errno -13) whose message says so; dns answers for
// IP addresses alone.
//
// The JS runtime also has Node 20's web globals (node_web.go, in JavaScript
// in js_web.go, each built on first touch): structuredClone, DOMException
// (also what atob and btoa throw), Event, EventTarget, CustomEvent,
// AbortController, AbortSignal (abort, timeout, any), Blob, File, Headers,
// Request, Response, FormData, WeakRef, FinalizationRegistry, and
// performance with mark, measure and its entries. They follow Node's and
// undici's code down to error names, messages and codes, and Node 20's
// quirks (eventPhase reads 0 after the first listener; capture passed as a
// boolean is not matched by removeEventListener). testdata/web holds
// programs with Node 20's output. Where they differ: structuredClone is
// bytecode, so deadlines and the memory watchdog stop it mid-call; it
// refuses graphs nested deeper than MaxCallStackSize with V8's RangeError
// (V8 gives up near 2000 too), refuses Go-backed objects such as Buffer's
// internals (Node clones host objects to {}), and transfers only
// ArrayBuffers. goja cannot observe
// garbage collection, so a WeakRef holds its target strongly and a
// FinalizationRegistry never calls back. There is no fetch and there are no
// web streams: Blob has no stream(), and a body is a one-chunk reader, not a
// ReadableStream. A listener's exception is reported as an unhandled
// rejection, which ends the exec as Node's uncaught exception ends the
// process. performance has no nodeTiming, timerify, eventLoopUtilization or
// observers, and its toJSON holds only timeOrigin. These classes lack
// Node's custom inspectors, so console.log shows "Event {}" and the like.
//
// goja has Symbol.asyncIterator (a patch); it parses neither for await nor
// async generators, which esbuild lowers to code that uses the symbol.
//
// URL, URLSearchParams and require('url') are Node 20's own lib/url.js and
// lib/internal/url.js (third_party/node-url, MIT), bundled by esbuild on
// first use, over a Go port of the WHATWG URL Standard's parser
// (node_url.go) that behaves as Node 20's ada 2.9.2 does: relative
// resolution, special and non-special schemes, hosts (UTS #46 through
// golang.org/x/net/idna's Unicode 15 tables, IPv4, IPv6), percent-encode
// sets and setters, and the legacy url.parse/format/resolve. It passes the
// standard's own tests as Node does (testdata/misc/url_wpt.js). Hostile
// input costs time linear in its length, up to a log factor in punycode.
// URL.createObjectURL and revokeObjectURL are absent (nothing here could
// resolve a blob: URL).
//
// require follows Node's Module: require.cache (keyed by resolved file;
// deleting an entry loads the file again, an entry put there is what
// require returns), require.main, require.resolve and resolve.paths, and
// module's id, path, filename, loaded, children, paths, parent and
// require, with Node's MODULE_NOT_FOUND require stack. There is no
// require.extensions, and resolve.paths leaves out the global folders
// ($HOME/.node_modules, ...) Node lists, which are not searched here.
//
// Error stacks are V8's (node_stack.go over a goja patch): Node's text,
// Error.stackTraceLimit, Error.captureStackTrace and
// Error.prepareStackTrace with CallSite objects, and V8's line and column
// for each frame. A frame's name is the function's own: no receiver type
// ("Foo.bar", "new Foo", "Object.<anonymous>" for a module's top level),
// no "async" frames, built-ins as "name (<anonymous>)", and a CallSite
// knows no this, function or type name.
//
// require('stream') is Node's own code as readable-stream 4.7.0 ships it
// (third_party/readable-stream, MIT), bundled and lowered by esbuild once
// per process on first require; streams also answer to the key they used
// before goja had the symbol, Symbol.for('Symbol.asyncIterator').
// process.stdin is a Readable of the exec's standard input, as Node's is
// when stdin is a file (an fs.ReadStream on fd 0: 64 KiB chunks, each read
// answered on a later turn of the loop, no 'close'); it is built on first
// touch and belongs to its exec, so the next exec on a reused runtime gets
// its own. readline reads it as any stream; testdata/stdin holds programs
// with Node 20's output. process.stdout and stderr are not streams, only
// enough of one to be piped to. async_hooks has
// AsyncLocalStorage and AsyncResource; their context follows promise jobs
// and awaits (goja's AsyncContextTracker) but not timers or nextTick.
// perf_hooks has no PerformanceObserver or histograms.
//
// util.inspect and util.format (node_inspect.go) are Node 20's inspect.js
// ported to Go, line breaking and column grouping included, with all its
// options, util.inspect.custom, %o, console.dir and console.table
// (node_table.go); testdata/inspect holds programs with Node 20's output.
// They differ where goja cannot tell what V8 tells: WeakMap and WeakSet
// entries are never listed (showHidden and %o print <items unknown>),
// functions have no own arguments and caller for showHidden to show, an
// instance whose prototype was set to null prints as [Object: null
// prototype] where V8 remembers its class, stacks have goja's frames, and
// string widths follow Node's table for builds without ICU. Inspection is
// bounded: past 200 nested levels a value prints as V8's stack overflow
// makes Node print it, past 64 MiB of text the rest prints as if past the
// depth, and the deadline and memory limit stop it.
//
// zlib (node_zlib.go) is compress/flate with zlib's own wrappers, errors
// and codes; decompression is bounded by limits.memory_bytes (Node's
// ERR_BUFFER_TOO_LARGE past it) and stops at the deadline. Brotli and the
// zlib stream classes are absent. string_decoder, querystring, punycode,
// util/types and timers/promises are JavaScript (js_modules2.go);
// testdata/modules holds their programs with Node 20's output.
//
// Stacks follow a source's inline source map (sourceMappingURL=data:...,
// which esbuild writes for TypeScript, transformed modules and bundles of
// package bundle) back to the original files, as Node does only with
// --enable-source-maps; a map named by any other URL is ignored. A source
// starting with BundleBanner is compiled as it is (bundle.go).
//
// Regular expressions (third_party/goja/PATCHES.md) match Node 20 in \p{...}
// (V8's names, Node's Unicode 17 sets), the d flag's indices, the v flag's
// set operations and \q{...}, astral classes with and without u, and empty
// matches in global match, replace and split; they differ in that case
// folding uses Go's Unicode 15 simple folding even without u (/\u212A/i
// matches "k"), and v's properties of strings (\p{RGI_Emoji}) are a
// SyntaxError.
//
// Intl (node_intl.go, classes in js_intl.go) has NumberFormat,
// DateTimeFormat, Collator, PluralRules, RelativeTimeFormat, ListFormat,
// Segmenter and Locale, matching Node 20 byte for byte (testdata/intl) for
// en-US, en-GB, de-DE, fr-FR, es-ES, ja-JP and zh-CN from Node's own ICU
// output (intl_data.json, made by scripts/intl-data.js), with x/text's
// plural rules and collation and uniseg's segmentation; the locale methods
// of Number, BigInt, Date and String use it. Other well-formed tags fall
// back by lookup (de-AT as de, pt as en-US); the local zone is the job's
// TZ, else UTC. Unsupported options (calendars, numbering systems,
// dayPeriod, roundingIncrement) throw a RangeError; formatRange and
// DisplayNames are absent. Differs: collation (older CLDR, no script
// reordering for ja and zh), dictionary word breaks, Indic conjunct
// graphemes, resolvedOptions of odd field mixes, historical zone names.
//
// goja has no hard memory cap. A VM checks its heap budget while it runs and
// stops the guest when it is passed, but in a process shared by many VMs the
// check is an estimate; the sidecar process limit is the hard line.
package guest
