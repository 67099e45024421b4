/**
 * `npm run bench [-- filter...] [--quick] [--json out.json]`: runs every tests/bench/*.bench.ts
 * (or those whose file name contains a filter word) and prints one table.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import { fmt, type BenchResult, type BenchSuite } from './harness.ts';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const jsonAt = args.indexOf('--json');
const jsonOut = jsonAt >= 0 ? args[jsonAt + 1] : undefined;
const filters = args.filter((a, i) => !a.startsWith('--') && (jsonAt < 0 || i !== jsonAt + 1));

const files = readdirSync(here).filter((f) => f.endsWith('.bench.ts')).sort()
  .filter((f) => filters.length === 0 || filters.some((w) => f.includes(w)));

const rows: (BenchResult & { suite: string })[] = [];
for (const f of files) {
  const suite = (await import(join(here, f))).default as BenchSuite;
  process.stderr.write(`running ${suite.name}…\n`);
  for (const r of await suite.run({ quick })) {
    rows.push({ ...r, suite: suite.name });
    process.stderr.write(`  ${r.name}: ${fmt(r.value)} ${r.unit}\n`);
  }
}

const header = ['suite', 'benchmark', 'median', 'unit', 'target', 'ok', 'note'];
const table = rows.map((r) => [r.suite, r.name, fmt(r.value), r.unit, r.target ?? '', r.ok === undefined ? '' : r.ok ? 'yes' : 'NO', r.note ?? '']);
const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i]!.length)));
const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
console.log(`Machine: ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}${quick ? ' (quick sizes)' : ''}`);
console.log(line(header));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const row of table) console.log(line(row));
if (jsonOut) writeFileSync(jsonOut, JSON.stringify(rows, null, 2));
