// bench.mjs times the guest `export const x = 1;` with secure-exec's public
// API, in the shape of our matrix (bench/matrix.go): scenario × mode × batch
// size, BENCH_ITERATIONS measured iterations after BENCH_WARMUP warm-up ones.
//
//   node bench.mjs OUT.json        (run by run.sh with Node >= 22)
//
// cold = provision (sidecar and/or VM, as the scenario says) + first exec;
// warm = a second exec on the same VM (or context). Every operation is bounded
// by BENCH_OP_TIMEOUT_MS and the whole run by BENCH_TOTAL_TIMEOUT_MS; on the
// overall limit the partial report is written and the process exits 3.
// Progress goes to stderr (interleaved with the sidecar's own log lines).
//
// Scenarios (BENCH_SCENARIOS, comma-separated; default all):
//   owned-sidecar    AgentOs.createSidecar() (secure-exec's dependency
//                    @rivet-dev/agentos-core; secure-exec's createVm takes the
//                    handle as {sidecar:{kind:"explicit"}}) + createVm + exec.
//   shared-sidecar   createVm({sidecar:{kind:"shared",pool}}) on a shared
//                    sidecar started (and used once) before the scenario.
//   resident-runner  createVm on the shared sidecar + vm.createContext() +
//                    context.execute; warm = second context.execute (the
//                    documented way to keep a runner's JS state resident).
//   createVm         createVm({defaultSoftware:false}) on the default pool
//                    after init(): the lightest VM the public API makes (the
//                    one secure-exec's own init() uses).
//   execute          the one-shot execute(guest) (fresh VM per call, disposed
//                    after); cold only.
import { createVm, init, shutdown, execute } from "secure-exec";
import { AgentOs } from "@rivet-dev/agentos-core";
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";

const GUEST = "export const x = 1;";
const out = process.argv[2];
if (!out) {
	console.error("usage: node bench.mjs OUT.json");
	process.exit(2);
}

const env = (k, d) => (process.env[k] ?? "").trim() || d;
const ints = (s) => s.split(",").map((v) => v.trim()).filter(Boolean).map(Number);
const cfg = {
	batch_sizes: ints(env("BENCH_BATCH_SIZES", "1,10")),
	iterations: Number(env("BENCH_ITERATIONS", "3")),
	warmup: Number(env("BENCH_WARMUP", "1")),
	modes: env("BENCH_MODES", "sequential,concurrent").split(",").map((s) => s.trim()),
	scenarios: env("BENCH_SCENARIOS", "owned-sidecar,shared-sidecar,resident-runner,createVm,execute")
		.split(",").map((s) => s.trim()),
	concurrency: Number(env("BENCH_CONCURRENCY", "16")),
	op_timeout_ms: Number(env("BENCH_OP_TIMEOUT_MS", "60000")),
	total_timeout_ms: Number(env("BENCH_TOTAL_TIMEOUT_MS", "1800000")),
};
for (const [k, v] of Object.entries(cfg)) {
	if ((Array.isArray(v) ? v : [v]).some((x) => typeof x === "number" && !(x >= 0))) {
		console.error(`bad setting ${k}=${JSON.stringify(v)}`);
		process.exit(2);
	}
}

const require = createRequire(import.meta.url);
const version = JSON.parse(readFileSync(require.resolve("secure-exec").replace(/dist\/index\.js$/, "package.json"), "utf8")).version;
const started = new Date();
const report = {
	peer: `secure-exec@${version}`,
	node: process.version,
	started: started.toISOString(),
	finished: null,
	complete: false,
	guest: GUEST,
	host: { platform: process.platform, arch: process.arch, cpus: os.cpus().length, loadavg_start: os.loadavg() },
	config: cfg,
	semantics: {
		cold: "wall time of provisioning (per scenario) + the first exec of the guest",
		warm: "wall time of a second exec on the same VM (resident-runner: same context); execute: none",
		failures: "samples where any step failed or timed out; cold_ms keeps a sample whose cold part succeeded",
		phases: "phases_ms: create_sidecar, create_vm, create_context, first_exec per sample (cold parts)",
	},
	results: [],
};

const log = (...a) => console.error("[peer-bench]", ...a);
const now = () => performance.now();
const round = (v) => Math.round(v * 1000) / 1000;

function save() {
	report.finished = new Date().toISOString();
	report.host.loadavg_end = os.loadavg();
	writeFileSync(out, JSON.stringify(report, null, 2) + "\n");
}

// Overall bound: whatever is stuck, write what we have and leave.
const hard = setTimeout(() => {
	log(`overall timeout ${cfg.total_timeout_ms} ms reached; writing partial report`);
	report.aborted = `overall timeout ${cfg.total_timeout_ms} ms`;
	save();
	process.exit(3);
}, cfg.total_timeout_ms);
hard.unref();

class OpTimeout extends Error {}
function bounded(p, what) {
	let t;
	const timer = new Promise((_, rej) => {
		t = setTimeout(() => rej(new OpTimeout(`${what}: timed out after ${cfg.op_timeout_ms} ms`)), cfg.op_timeout_ms);
	});
	return Promise.race([p, timer]).finally(() => clearTimeout(t));
}

function check(r, what) {
	if (!r || r.outcome !== "succeeded") {
		const e = r?.error ? `${r.error.code ?? r.error.name}: ${r.error.message}` : JSON.stringify(r);
		throw new Error(`${what}: outcome ${r?.outcome}: ${e}`);
	}
}

async function quietly(p, what) {
	try {
		await bounded(Promise.resolve().then(p), what);
	} catch (e) {
		log(`cleanup ${what} failed: ${e.message}`);
	}
}

const SHARED_POOL = "natsexec-bench";
let sharedHandle = null;
const execOpts = () => ({ timeoutMs: cfg.op_timeout_ms });

// Each scenario's sample: returns {cold, warm?, phases}; throws on failure
// (with .partial set when the cold part succeeded).
const scenarios = {
	"owned-sidecar": {
		async sample() {
			const ph = {};
			let sc, vm;
			const t0 = now();
			try {
				sc = await bounded(AgentOs.createSidecar(), "createSidecar");
				const t1 = now();
				ph.create_sidecar = t1 - t0;
				vm = await bounded(createVm({ sidecar: { kind: "explicit", handle: sc } }), "createVm");
				const t2 = now();
				ph.create_vm = t2 - t1;
				check(await bounded(vm.javascript.execute(GUEST, execOpts()), "first exec"), "first exec");
				const t3 = now();
				ph.first_exec = t3 - t2;
				const res = { cold: t3 - t0, phases: ph };
				try {
					check(await bounded(vm.javascript.execute(GUEST, execOpts()), "warm exec"), "warm exec");
				} catch (e) {
					e.partial = res;
					throw e;
				}
				res.warm = now() - t3;
				return res;
			} finally {
				if (vm) await quietly(() => vm.dispose(), "vm.dispose");
				if (sc) await quietly(() => sc.dispose(), "sidecar.dispose");
			}
		},
	},
	"shared-sidecar": {
		async setup() {
			sharedHandle = await bounded(AgentOs.getSharedSidecar({ pool: SHARED_POOL }), "getSharedSidecar");
			const vm = await bounded(createVm({ sidecar: { kind: "shared", pool: SHARED_POOL } }), "shared setup createVm");
			check(await bounded(vm.javascript.execute(GUEST, execOpts()), "shared setup exec"), "shared setup exec");
			await vm.dispose();
		},
		async sample() {
			return vmSample({ sidecar: { kind: "shared", pool: SHARED_POOL } }, false);
		},
	},
	"resident-runner": {
		async setup() {
			await scenarios["shared-sidecar"].setup();
		},
		async sample() {
			return vmSample({ sidecar: { kind: "shared", pool: SHARED_POOL } }, true);
		},
	},
	createVm: {
		async setup() {
			await bounded(init(), "init");
		},
		async sample() {
			return vmSample({ defaultSoftware: false }, false);
		},
	},
	execute: {
		async setup() {
			await bounded(init(), "init");
		},
		async sample() {
			const t0 = now();
			check(await bounded(execute(GUEST, execOpts()), "execute"), "execute");
			return { cold: now() - t0, phases: {} };
		},
	},
};

async function vmSample(opts, withContext) {
	const ph = {};
	let vm, ctx;
	const t0 = now();
	try {
		vm = await bounded(createVm(opts), "createVm");
		let t = now();
		ph.create_vm = t - t0;
		let runner = vm.javascript;
		if (withContext) {
			ctx = await bounded(vm.createContext(), "createContext");
			const t1 = now();
			ph.create_context = t1 - t;
			t = t1;
			runner = ctx;
		}
		check(await bounded(runner.execute(GUEST, execOpts()), "first exec"), "first exec");
		const t3 = now();
		ph.first_exec = t3 - t;
		const res = { cold: t3 - t0, phases: ph };
		try {
			check(await bounded(runner.execute(GUEST, execOpts()), "warm exec"), "warm exec");
		} catch (e) {
			e.partial = res;
			throw e;
		}
		res.warm = now() - t3;
		return res;
	} finally {
		if (ctx) await quietly(() => ctx.dispose(), "context.dispose");
		if (vm) await quietly(() => vm.dispose(), "vm.dispose");
	}
}

async function runBatch(sc, mode, size) {
	const results = new Array(size);
	const one = async (i) => {
		try {
			results[i] = { ok: await sc.sample() };
		} catch (e) {
			results[i] = { err: e };
		}
	};
	const t0 = now();
	if (mode === "sequential") {
		for (let i = 0; i < size; i++) await one(i);
	} else {
		let next = 0;
		const workers = Array.from({ length: Math.min(size, cfg.concurrency) }, async () => {
			while (next < size) await one(next++);
		});
		await Promise.all(workers);
	}
	return { results, wall: now() - t0 };
}

const p50 = (a) => {
	if (!a.length) return null;
	const s = [...a].sort((x, y) => x - y);
	return s[Math.ceil(0.5 * s.length) - 1];
};

async function main() {
	log(`${report.peer} on node ${process.version}; ${JSON.stringify(cfg)}`);
	for (const name of cfg.scenarios) {
		const sc = scenarios[name];
		if (!sc) {
			log(`unknown scenario ${name}; known: ${Object.keys(scenarios).join(",")}`);
			process.exit(2);
		}
		let setupErr = null;
		if (sc.setup) {
			const t0 = now();
			try {
				await sc.setup();
				log(`${name}: setup ${(now() - t0).toFixed(1)} ms`);
			} catch (e) {
				setupErr = `setup: ${e.message}`;
				log(`${name}: ${setupErr}`);
			}
		}
		for (const mode of cfg.modes) {
			for (const size of cfg.batch_sizes) {
				const cell = { scenario: name, mode, batch: size, cold_ms: [], warm_ms: [], failures: 0, errors: [],
					phases_ms: {}, batch_wall_ms: [] };
				const errCounts = new Map();
				const fail = (msg) => {
					cell.failures++;
					errCounts.set(msg, (errCounts.get(msg) ?? 0) + 1);
				};
				if (setupErr) {
					// No sample ran: every one the cell would have measured failed.
					for (let i = 0; i < cfg.iterations * size; i++) fail(setupErr);
				} else {
					for (let it = 0; it < cfg.warmup + cfg.iterations; it++) {
						const warm = it < cfg.warmup;
						const { results, wall } = await runBatch(sc, mode, size);
						const nerr = results.filter((r) => r.err).length;
						log(`${name} ${mode} b=${size} it=${it}${warm ? " (warm-up)" : ""}: wall ${wall.toFixed(1)} ms, ${nerr} failed` +
							(nerr ? ` (${results.find((r) => r.err).err.message})` : ""));
						if (warm) continue;
						cell.batch_wall_ms.push(round(wall));
						for (const r of results) {
							const s = r.ok ?? r.err.partial;
							if (r.err) fail(String(r.err.message ?? r.err));
							if (!s) continue;
							cell.cold_ms.push(round(s.cold));
							if (s.warm !== undefined) cell.warm_ms.push(round(s.warm));
							for (const [k, v] of Object.entries(s.phases ?? {})) (cell.phases_ms[k] ??= []).push(round(v));
						}
					}
				}
				cell.errors = [...errCounts].map(([m, n]) => (n > 1 ? `${m} (×${n})` : m));
				report.results.push(cell);
				log(`${name} ${mode} b=${size}: cold p50 ${p50(cell.cold_ms)?.toFixed(1) ?? "—"} ms, warm p50 ${p50(cell.warm_ms)?.toFixed(2) ?? "—"} ms, ` +
					`${cell.failures} failures of ${cfg.iterations * size}`);
				save();
			}
		}
		// Between scenarios: stop the shared sidecars so the next starts clean.
		await quietly(() => shutdown(), "shutdown");
		if (sharedHandle) await quietly(() => sharedHandle.dispose(), "shared pool dispose");
		sharedHandle = null;
	}
	report.complete = true;
	save();
	log(`report written to ${out}`);
}

main().then(
	() => process.exit(0),
	(e) => {
		log(`fatal: ${e?.stack ?? e}`);
		report.aborted = String(e?.message ?? e);
		save();
		process.exit(1);
	},
);
