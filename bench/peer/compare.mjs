// compare.mjs prints one markdown table: our `submit bench --json` report
// beside the peer's bench.mjs report, p50 cold and warm per cell, and the
// ratio peer / ours (how many times slower the peer is).
//
//   node bench/peer/compare.mjs OURS.json PEER.json
//
// A peer cell is matched to our cell of the same scenario, mode and batch
// size. The peer's createVm and execute scenarios (a fresh VM on an already
// running sidecar) are matched to our shared-sidecar. p50 is nearest-rank on
// both sides (ours is read from the report's summary).
import { readFileSync } from "node:fs";

const [oursPath, peerPath] = process.argv.slice(2);
if (!oursPath || !peerPath) {
	console.error("usage: node compare.mjs OURS.json PEER.json");
	process.exit(2);
}
const ours = JSON.parse(readFileSync(oursPath, "utf8"));
const peer = JSON.parse(readFileSync(peerPath, "utf8"));
const OURS_FOR = { createVm: "shared-sidecar", execute: "shared-sidecar" };

const p50 = (a) => {
	if (!a?.length) return null;
	const s = [...a].sort((x, y) => x - y);
	return s[Math.ceil(0.5 * s.length) - 1];
};
const fmt = (v) => (v == null ? "—" : v >= 100 ? v.toFixed(0) : v >= 1 ? v.toFixed(2) : v.toFixed(3));
const ratio = (p, o) => (p == null || o == null || o === 0 ? "—" : `${(p / o).toFixed(p / o >= 10 ? 0 : 1)}×`);
const summ = (s) => (s && s.n > 0 ? s.p50_ms : null);

console.log(`ours: ${oursPath} (${ours.semantics?.driver ?? "?"}; ${ours.config?.iterations}+${ours.config?.warmup} iterations)  `);
console.log(`peer: ${peerPath} (${peer.peer} on node ${peer.node}; ${peer.config?.iterations}+${peer.config?.warmup} iterations${peer.complete ? "" : "; INCOMPLETE"})`);
console.log("");
console.log("| scenario | ours cold p50 | peer cold p50 | ratio | ours warm p50 | peer warm p50 | ratio |");
console.log("|---|---|---|---|---|---|---|");
for (const r of peer.results) {
	const os = OURS_FOR[r.scenario] ?? r.scenario;
	const c = ours.cells.find((c) => c.scenario === os && c.mode === r.mode && c.batch === r.batch);
	const label = `${r.scenario}${os !== r.scenario ? ` (ours: ${os})` : ""} ${r.mode === "sequential" ? "seq" : "conc"} b=${r.batch}`;
	const failed = r.failures ? ` (${r.failures} failed)` : "";
	const oc = summ(c?.cold), ow = summ(c?.warm);
	const pc = p50(r.cold_ms), pw = p50(r.warm_ms);
	const oerr = c?.errors ? ` (${c.errors} failed)` : "";
	console.log(`| ${label} | ${c ? fmt(oc) + oerr : "not run"} | ${fmt(pc)}${failed} | ${ratio(pc, oc)} | ${fmt(ow)} | ${fmt(pw)} | ${ratio(pw, ow)} |`);
}
