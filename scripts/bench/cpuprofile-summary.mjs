#!/usr/bin/env node
// Summarises a V8 .cpuprofile (e.g. from `npm run bench:ratings -- --cpu-prof DIR`): the functions with the most
// self time and the most inclusive time, as a share of the profile's wall time (idle included, so a process that
// waits shows it). Time blocked in a synchronous native call (an fsync inside a SQLite commit) is the self time of
// the JavaScript function that made the call.
//
//   node scripts/bench/cpuprofile-summary.mjs DIR/hub-123.cpuprofile [FILTER_REGEX] [TOP_N] [BUSIEST_S]
//
// BUSIEST_S: count only the samples of the busiest window of that many seconds (least idle), e.g. 10 for the
// 50-device run of bench:ratings, which the sequential presses and the idle minutes would otherwise dilute.
import fs from 'node:fs';

const [file, filter, topArg, busiestArg] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: cpuprofile-summary.mjs FILE.cpuprofile [FILTER_REGEX] [TOP_N]\n');
  process.exit(2);
}
const top = Number(topArg ?? 30);
const p = JSON.parse(fs.readFileSync(file, 'utf8'));
const byId = new Map(p.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

// the window [from, to) of sample indexes counted: all, or the busiest BUSIEST_S seconds
let from = 0;
let to = p.samples.length;
if (busiestArg) {
  const span = Number(busiestArg) * 1e6;
  const idle = new Set(p.nodes.filter((n) => n.callFrame.functionName === '(idle)').map((n) => n.id));
  let best = -1;
  let lo = 0;
  let wall = 0;
  let busy = 0;
  for (let hi = 0; hi < p.samples.length; hi++) {
    const dt = p.timeDeltas[hi] ?? 0;
    wall += dt;
    if (!idle.has(p.samples[hi])) busy += dt;
    while (wall - (p.timeDeltas[lo] ?? 0) >= span && lo < hi) {
      wall -= p.timeDeltas[lo] ?? 0;
      if (!idle.has(p.samples[lo])) busy -= p.timeDeltas[lo] ?? 0;
      lo++;
    }
    if (wall >= span * 0.99 && busy > best) {
      best = busy;
      from = lo;
      to = hi + 1;
    }
  }
}
const timeAt = new Map();
for (let i = from; i < to; i++) timeAt.set(p.samples[i], (timeAt.get(p.samples[i]) ?? 0) + (p.timeDeltas[i] ?? 0));
const total = [...timeAt.values()].reduce((a, b) => a + b, 0);

const label = (n) => {
  const f = n.callFrame;
  const where = f.url ? `${f.url.replace(/^.*\/(node_modules|main)\//, '')}:${f.lineNumber + 1}` : '';
  return `${f.functionName || '(anonymous)'} ${where}`.trim();
};
const self = new Map();
const incl = new Map();
for (const [id, t] of timeAt) {
  const k = label(byId.get(id));
  self.set(k, (self.get(k) ?? 0) + t);
  const seen = new Set();
  for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
    const kk = label(byId.get(cur));
    if (seen.has(kk)) continue;
    seen.add(kk);
    incl.set(kk, (incl.get(kk) ?? 0) + t);
  }
}
const re = filter ? new RegExp(filter) : null;
const show = (m, title) => {
  process.stdout.write(`\n== ${title} (profile: ${(total / 1e6).toFixed(1)} s wall)\n`);
  const rows = [...m].filter(([k]) => !re || re.test(k)).sort((a, b) => b[1] - a[1]).slice(0, top);
  for (const [k, v] of rows) process.stdout.write(`${((v / total) * 100).toFixed(1).padStart(5)}%  ${k}\n`);
};
show(self, 'self time');
show(incl, 'inclusive time');
