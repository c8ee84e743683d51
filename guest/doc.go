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
// raw/jwk exportKey. Ciphers, Sign/Verify, KeyObject, key pairs, HKDF and
// the other Web Crypto algorithms are absent, not stubbed. A result must
// fit limits.memory_bytes, which also caps scrypt's maxmem, and PBKDF2 and
// scrypt stop at the deadline between rounds (node_crypto.go).
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
// observers, and its toJSON holds only timeOrigin. console.log shows these
// objects as "Event {}" and the like (they have no custom inspectors).
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
// resolve a blob: URL). util.inspect calls [util.inspect.custom] methods, so
// URLs print as in Node.
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
// readline reads a stream or, for process.stdin (not a stream here), the
// exec's whole stdin on the next turn of the loop. async_hooks has
// AsyncLocalStorage and AsyncResource; their context follows promise jobs
// and awaits (goja's AsyncContextTracker) but not timers or nextTick.
// perf_hooks has no PerformanceObserver or histograms.
//
// zlib (node_zlib.go) is compress/flate with zlib's own wrappers, errors
// and codes; decompression is bounded by limits.memory_bytes (Node's
// ERR_BUFFER_TOO_LARGE past it) and stops at the deadline. Brotli and the
// zlib stream classes are absent. string_decoder, querystring, punycode,
// util/types and timers/promises are JavaScript (js_modules2.go);
// testdata/modules holds their programs with Node 20's output.
//
// goja has no hard memory cap. A VM checks its heap budget while it runs and
// stops the guest when it is passed, but in a process shared by many VMs the
// check is an estimate; the sidecar process limit is the hard line.
package guest
