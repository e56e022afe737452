/**
 * Bookings per second of several full-size releases in one picture, from bench/results:
 * `npx tsx bench/surge/plot-releases.ts <results.json> <out.svg> <date>[:with|:without]=<label> …`
 * e.g. `… 2026-12-07T22:15:11.491Z:with="capacity 3 000"`. A run is named by its `date` (the JSON's
 * key); a run that has both releases needs `:with` or `:without`. Each series ends where the run's
 * deadline cut it, so a flat line at the end means nobody booked, not that the plot stopped.
 */
import fs from 'node:fs';

interface Release {
  withRoom: boolean;
  perSecond: number[];
  booked: number;
  places: number;
  secondsUntilAllTaken: number | null;
}
interface Run {
  date: string;
  targets: { key: string; releases: Release[] }[];
}

const [file, out, ...picks] = process.argv.slice(2);
if (!file || !out || picks.length === 0) {
  console.error('usage: plot-releases.ts <results.json> <out.svg> <date>[:with|:without]=<label> …');
  process.exit(2);
}
const runs = (JSON.parse(fs.readFileSync(file, 'utf8')) as { runs: Run[] }).runs;

const series = picks.map((pick) => {
  const eq = pick.indexOf('=');
  if (eq < 0) throw new Error(`"${pick}": expected <date>[:with|:without]=<label>`);
  const key = pick.slice(0, eq);
  const label = pick.slice(eq + 1);
  const m = /^(.*?)(?::(with|without))?$/.exec(key);
  const date = m?.[1] ?? key;
  const which = m?.[2];
  const run = runs.find((r) => r.date === date);
  if (!run) throw new Error(`no run dated ${date} in ${file}`);
  const releases = run.targets.flatMap((t) => t.releases);
  const candidates = which ? releases.filter((r) => r.withRoom === (which === 'with')) : releases;
  if (candidates.length !== 1)
    throw new Error(`run ${date} has ${candidates.length} matching releases: add :with or :without`);
  return { label, release: candidates[0] as Release };
});

const W = 760;
const H = 320;
const pad = { l: 60, r: 16, t: 30, b: 70 };
const n = Math.max(2, ...series.map((s) => s.release.perSecond.length));
const max = Math.max(1, ...series.flatMap((s) => s.release.perSecond));
const x = (i: number) => pad.l + (i / (n - 1)) * (W - pad.l - pad.r);
const y = (v: number) => H - pad.b - (v / max) * (H - pad.t - pad.b);
const colors = ['#1f5fa8', '#2e7d32', '#c62828', '#6a3d9a', '#ef6c00'];
const esc = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;');
const parts: string[] = [
  `<text x="${pad.l}" y="20" font-size="13" font-weight="bold">Release at full size: bookings per second from the moment</text>`,
  `<line x1="${pad.l}" y1="${H - pad.b}" x2="${W - pad.r}" y2="${H - pad.b}" stroke="#555"/>`,
  `<line x1="${pad.l}" y1="${pad.t}" x2="${pad.l}" y2="${H - pad.b}" stroke="#555"/>`,
  `<text x="${pad.l - 4}" y="${pad.t + 8}" font-size="11" text-anchor="end">${max}/s</text>`,
  `<text x="${W - pad.r}" y="${H - pad.b + 14}" font-size="11" text-anchor="end">${n - 1} s</text>`,
  `<line x1="${x(120)}" y1="${pad.t}" x2="${x(120)}" y2="${H - pad.b}" stroke="#999" stroke-dasharray="4 3"/>`,
  `<text x="${x(120) + 3}" y="${pad.t + 10}" font-size="11" fill="#555">120 s target</text>`,
];
series.forEach((s, k) => {
  const color = colors[k % colors.length] as string;
  const pts = s.release.perSecond.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
  parts.push(`<polyline fill="none" stroke="${color}" stroke-width="1.5" points="${pts}"/>`);
  const done = s.release.secondsUntilAllTaken;
  const tail = done === null ? `${s.release.booked} of ${s.release.places} booked` : `all taken at ${done} s`;
  parts.push(
    `<text x="${pad.l + (k % 2) * 350}" y="${H - pad.b + 30 + Math.floor(k / 2) * 16}" font-size="11" fill="${color}">${esc(`${s.label}: ${tail}`)}</text>`,
  );
});
const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" font-family="sans-serif" role="img" aria-label="Bookings per second in full-size releases of 150 000 people for 100 000 places, one line per setting"><rect width="100%" height="100%" fill="#fff"/>${parts.join('')}</svg>\n`;
fs.writeFileSync(out, svg);
console.log(`wrote ${out}: ${series.map((s) => s.label).join(', ')}`);
