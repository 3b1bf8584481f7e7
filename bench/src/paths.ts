import { resolve } from 'node:path';

/** The repository root: this file runs as dist/bench/src/paths.js. */
export const REPO_ROOT = resolve(__dirname, '..', '..', '..');

/** Where reports are written (in the source tree, next to the bench code). */
export const RESULTS_DIR = resolve(REPO_ROOT, 'bench', 'results');

/** Service logs and CPU profiles of one run; git-ignored. */
export function scratchDir(runStamp: string): string {
  return resolve(RESULTS_DIR, 'tmp', runStamp);
}

/** The compiled entry point of a Hookline service. */
export function serviceEntry(service: string): string {
  return resolve(REPO_ROOT, 'dist', 'apps', service, 'src', 'main.js');
}

/** A compiled file of the bench itself, for child processes and preloads. */
export function benchEntry(...segments: string[]): string {
  return resolve(__dirname, ...segments);
}
