#!/usr/bin/env node
/**
 * The server's module boundaries, checked from the imports (part of `npm run lint`):
 *
 * 1. Every folder in server/src/modules has one public face, index.ts, that
 *    exports one factory `createXModule`.
 * 2. A file reaches another module only through that face (modules/<m>/index.ts);
 *    app.ts and the entry scripts likewise. The demo seed (seed/, development
 *    tooling like the tests) may write its fixtures through modules' stores.
 * 3. platform/ imports no module, no seed and not app.ts.
 * 4. No production code imports server/src/seed (only main.ts, the entry
 *    process that loads demo data when SEED_DEMO is on).
 * 5. SQL (Kysely query builders, `sql` templates) only in stores: files named
 *    store.ts or *-store.ts, and in platform/. No exceptions.
 *
 * It also draws the module graph (who imports whose face) into
 * docs/architecture.md between the module-graph markers: `--write` updates it,
 * otherwise a stale graph fails the check like a broken rule.
 */
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const src = path.join(root, 'server/src');
const modulesDir = path.join(src, 'modules');
const docPath = path.join(root, 'docs/architecture.md');
const write = process.argv.includes('--write');

const rel = (file) => path.relative(src, file).split(path.sep).join('/');

function walk(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return walk(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

/** Relative import specifiers of a file (static, re-exports and dynamic imports). */
function importsOf(text) {
  const specs = [];
  const re = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)['"](\.{1,2}\/[^'"]+)['"]/gm;
  for (const match of text.matchAll(re)) specs.push(match[1]);
  return specs;
}

const resolve = (file, spec) => rel(path.resolve(path.dirname(file), spec.replace(/\.js$/, '.ts')));
const moduleOf = (relPath) => (relPath.startsWith('modules/') ? relPath.split('/')[1] : null);

const SQL = /\.(selectFrom|insertInto|updateTable|deleteFrom|mergeInto)\(|\bsql(<[^`]*>)?`/;
const isStore = (relPath) => /(^|\/)(store|[\w-]+-store)\.ts$/.test(relPath);

const problems = [];
const edges = new Map();
const modules = fs
  .readdirSync(modulesDir, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();

for (const m of modules) {
  edges.set(m, new Set());
  const face = path.join(modulesDir, m, 'index.ts');
  if (!fs.existsSync(face)) {
    problems.push(`modules/${m} has no public face (modules/${m}/index.ts)`);
    continue;
  }
  const factories = [...fs.readFileSync(face, 'utf8').matchAll(/export (?:async )?function (create\w*Module)\b/g)];
  if (factories.length !== 1) {
    problems.push(`modules/${m}/index.ts must export exactly one createXModule factory (found ${factories.length})`);
  }
}

for (const file of walk(src)) {
  const from = rel(file);
  const text = fs.readFileSync(file, 'utf8');
  const fromModule = moduleOf(from);
  for (const spec of importsOf(text)) {
    const to = resolve(file, spec);
    const toModule = moduleOf(to);
    // The demo seed is development tooling (like the tests): it writes fixtures through stores.
    if (toModule && toModule !== fromModule && !from.startsWith('seed/')) {
      if (to !== `modules/${toModule}/index.ts`) {
        problems.push(
          `${from} reaches into modules/${toModule} internals (${to}); import modules/${toModule}/index.ts`,
        );
      }
      if (fromModule) edges.get(fromModule)?.add(toModule);
    }
    if (from.startsWith('platform/') && (toModule || to.startsWith('seed/') || to === 'app.ts')) {
      problems.push(`${from} (platform) imports ${to}; the platform imports no module, seed or app`);
    }
    if (to.startsWith('seed/') && !from.startsWith('seed/') && from !== 'main.ts') {
      problems.push(`${from} imports the demo seed (${to}); production code must not`);
    }
  }
  if (fromModule && !isStore(from) && SQL.test(text)) {
    problems.push(`${from} has SQL outside a store; move it to store.ts or a *-store.ts`);
  }
}

// ---- the module graph (mermaid), generated from the imports above
const lines = ['```mermaid', 'flowchart TD'];
for (const m of modules) {
  const targets = [...(edges.get(m) ?? [])].sort();
  if (targets.length === 0) lines.push(`  ${m.replaceAll('-', '_')}[${m}]`);
  for (const t of targets) lines.push(`  ${m.replaceAll('-', '_')}[${m}] --> ${t.replaceAll('-', '_')}[${t}]`);
}
lines.push('```');
const graph = lines.join('\n');
const START = '<!-- module-graph:start (scripts/check-boundaries.mjs --write) -->';
const END = '<!-- module-graph:end -->';
const doc = fs.existsSync(docPath) ? fs.readFileSync(docPath, 'utf8') : '';
const a = doc.indexOf(START);
const b = doc.indexOf(END);
if (a < 0 || b < a) {
  problems.push(`docs/architecture.md has no module graph between the markers ${START} … ${END}`);
} else {
  const next = `${doc.slice(0, a + START.length)}\n${graph}\n${doc.slice(b)}`;
  if (next !== doc) {
    if (write) fs.writeFileSync(docPath, next);
    else
      problems.push('docs/architecture.md: the module graph is stale; run `node scripts/check-boundaries.mjs --write`');
  }
}

if (problems.length) {
  console.error(`Module boundaries: ${problems.length} problem(s)\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  process.exit(1);
}
console.log(
  `Module boundaries: ${modules.length} modules, each with one face; no reach-ins; SQL only in stores and platform/.`,
);
