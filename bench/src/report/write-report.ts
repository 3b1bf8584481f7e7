import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { REPO_ROOT, RESULTS_DIR } from '../paths';
import { BenchResults } from './bench-results';
import { figures, interferenceWarnings, targetChecks, verdict } from './figures';
import { renderMarkdown } from './markdown-report';
import { renderChart } from './svg-chart';
import { textTable } from './text-table';

/** Writes `<stamp>.json`, `<stamp>.md` and `<stamp>.svg` to bench/results; returns their paths. */
export function writeReport(results: BenchResults, stamp: string): string[] {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const files = { json: `${stamp}.json`, markdown: `${stamp}.md`, chart: `${stamp}.svg` };
  writeFileSync(join(RESULTS_DIR, files.json), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(join(RESULTS_DIR, files.chart), renderChart(results));
  writeFileSync(join(RESULTS_DIR, files.markdown), renderMarkdown(results, files.chart));
  return Object.values(files).map((file) => relative(REPO_ROOT, join(RESULTS_DIR, file)));
}

/** The figures and the targets as console tables. */
export function consoleReport(results: BenchResults): string {
  const rows = figures(results).map((row) => [row.scenario, row.measure, row.value, row.vsRaw]);
  const checks = targetChecks(results).map((check) => [check.target, check.actual, verdict(check.met)]);
  const warnings = interferenceWarnings(results).map((warning) => `warning: ${warning}`);
  return [textTable(['scenario', 'measure', 'value', 'vs raw'], rows), '', textTable(['target', 'this run', ''], checks), ...warnings].join('\n');
}
