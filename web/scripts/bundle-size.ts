// Prints the gzipped size of the JavaScript a first visit loads: the entry chunk(s) named in
// dist/index.html plus every chunk they import statically (modulepreload links and `import`
// statements), not lazy chunks. Fails above the budget. Run after `pnpm build`: tsx scripts/bundle-size.ts
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const BUDGET_KB = 250;
const dist = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const htmlPath = join(dist, 'index.html');
if (!existsSync(htmlPath)) {
  console.error('dist/index.html not found: run `pnpm --filter @outreach/web build` first.');
  process.exit(1);
}
const html = readFileSync(htmlPath, 'utf8');
const entries = [
  ...html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g),
  ...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g),
].map((m) => m[1]!.replace(/^\//, ''));

// Static imports only: `import ... from "./x.js"` and `import "./x.js"`, not `import("./x.js")`.
const STATIC_IMPORT = /(?:^|[;\s}])import\s*(?:[\w*${}\s,]+from\s*)?["']([^"']+\.js)["']/g;

const seen = new Set<string>();
const queue = [...entries];
while (queue.length) {
  const file = posix.normalize(queue.shift()!);
  if (seen.has(file)) continue;
  seen.add(file);
  const code = readFileSync(join(dist, file), 'utf8');
  for (const m of code.matchAll(STATIC_IMPORT)) {
    const spec = m[1]!;
    if (!spec.startsWith('.') && !spec.startsWith('/')) continue;
    queue.push(spec.startsWith('/') ? spec.slice(1) : posix.join(posix.dirname(file), spec));
  }
}

let raw = 0;
let gz = 0;
for (const file of seen) {
  const buf = readFileSync(join(dist, file));
  const g = gzipSync(buf, { level: 9 }).length;
  raw += buf.length;
  gz += g;
  console.log(`${file.padEnd(48)} ${(buf.length / 1024).toFixed(1).padStart(8)} KB  ${(g / 1024).toFixed(1).padStart(7)} KB gzip`);
}
const kb = gz / 1024;
console.log(`initial JS: ${seen.size} file(s), ${(raw / 1024).toFixed(1)} KB, ${kb.toFixed(1)} KB gzipped (budget ${BUDGET_KB} KB)`);
if (kb > BUDGET_KB) {
  console.error(`Initial JS is ${kb.toFixed(1)} KB gzipped, over the ${BUDGET_KB} KB budget.`);
  process.exit(1);
}
