/**
 * The top frames of a V8 .cpuprofile (node --cpu-prof) over a window: self and inclusive time per
 * `functionName url:line`, in % of the window's wall time ((idle) included).
 * `node bench/booking/cpuprofile-top.mjs <file> [--last <s>] [--skip-end <s>] [--top <n>] [--match <regex>]`
 * — e.g. `--last 6 --skip-end 0.7` for the measured phase of cpu-per-booking.ts, which ends just before
 * the server stops. Files loaded through tsx show line 1 (no source maps); the names are right.
 */
import fs from 'node:fs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const file = args[0];
if (!file) {
  console.error('usage: cpuprofile-top.mjs <file> [--last s] [--skip-end s] [--top n] [--match regex]');
  process.exit(2);
}
const top = Number(option('--top', 40));
const match = option('--match') ? new RegExp(option('--match')) : null;
const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const end = profile.endTime - Number(option('--skip-end', 0)) * 1e6;
const last = option('--last');
const start = last ? end - Number(last) * 1e6 : Number.NEGATIVE_INFINITY;
const short = (url) => url.replace(/^.*\/node_modules\//, 'node_modules/').replace(/^file:\/\//, '');
const name = (n) => `${n.callFrame.functionName || '(anon)'} ${short(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;
const self = new Map();
const inclusive = new Map();
let total = 0;
let at = profile.startTime;
for (let i = 0; i < profile.samples.length; i++) {
  const dt = profile.timeDeltas[i] ?? 0;
  at += dt;
  if (at < start || at > end) continue;
  total += dt;
  const id = profile.samples[i];
  const key = name(byId.get(id));
  self.set(key, (self.get(key) ?? 0) + dt);
  const seen = new Set();
  for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
    const k = name(byId.get(cur));
    if (seen.has(k)) continue;
    seen.add(k);
    inclusive.set(k, (inclusive.get(k) ?? 0) + dt);
  }
}
for (const [title, times] of [
  ['self', self],
  ['inclusive', inclusive],
]) {
  console.log(`== ${title} (window ${(total / 1e6).toFixed(2)} s)`);
  for (const [k, t] of [...times]
    .filter(([k]) => !match || match.test(k))
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)) {
    console.log(`${((100 * t) / total).toFixed(1).padStart(5)}%  ${k}`);
  }
}
