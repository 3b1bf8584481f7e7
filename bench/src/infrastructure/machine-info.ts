import { execFileSync } from 'node:child_process';
import { availableParallelism, cpus, release, totalmem } from 'node:os';
import { NatsConnection } from 'nats';
import { Client } from 'pg';
import { REPO_ROOT } from '../paths';
import { BENCH_POSTGRES_URL } from './bench-namespace';

export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  kernel: string;
  node: string;
  natsServer: string;
  postgres: string;
  /** The commit measured, and whether apps/ or libs/ had uncommitted changes at the time. */
  commit: string;
  uncommittedChanges: boolean;
}

export async function describeMachine(nc: NatsConnection): Promise<MachineInfo> {
  return {
    cpus: availableParallelism(),
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    kernel: release(),
    node: process.version,
    natsServer: nc.info?.version ?? 'unknown',
    postgres: await postgresVersion(),
    commit: git(['rev-parse', '--short', 'HEAD']),
    uncommittedChanges: git(['status', '--porcelain', '--', 'apps', 'libs']) !== '',
  };
}

async function postgresVersion(): Promise<string> {
  const client = new Client({ connectionString: BENCH_POSTGRES_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ server_version: string }>('SHOW server_version');
    return rows[0].server_version;
  } finally {
    await client.end();
  }
}

function git(args: string[]): string {
  try {
    return execFileSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}
