import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NatsConnection } from 'nats';
import { RegistryOp } from '@hookline/contracts';
import { SERVICE_NODE_OPTIONS } from '@hookline/config';
import { RpcClient } from '@hookline/messaging';
import { freePort } from '../../../apps/standalone/src/free-port';
import { ServiceName } from '../cli';
import { REPO_ROOT, benchEntry, serviceEntry } from '../paths';
import { BENCH_NATS_URL, BenchNamespace } from './bench-namespace';

const START_TIMEOUT_MS = 60_000;
/** A service that has not exited this long after SIGTERM is killed (the dispatcher may be waiting out a 15 s request timeout). */
const STOP_GRACE_MS = 20_000;

export interface HooklineStartOptions {
  /** Names this deployment in log and profile file names. */
  label: string;
  /** Extra environment for every service, e.g. a long HOOKLINE_RETRY_SCHEDULE. */
  env?: Record<string, string>;
  /** Services to run under `--cpu-prof`. */
  profile: ServiceName[];
  /** Where service logs and CPU profiles go. */
  scratchDir: string;
}

/** One Hookline service running as its own Node process. */
class ServiceProcess {
  private readonly exited: Promise<void>;

  constructor(
    readonly name: ServiceName,
    private readonly child: ChildProcess,
    readonly logFile: string,
  ) {
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
  }

  get pid(): number {
    return this.child.pid!;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Rejects when the process exits before `ready` settles, quoting the end of its log. */
  async untilReady(ready: Promise<void>): Promise<void> {
    const died = this.exited.then(() => {
      throw new Error(`${this.name} exited during start-up:\n${tail(this.logFile)}`);
    });
    await Promise.race([ready, died]);
  }

  /** SIGTERM (graceful shutdown, which writes a CPU profile), then SIGKILL after a grace period. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.child.kill('SIGTERM');
    const killed = setTimeout(() => this.child.kill('SIGKILL'), STOP_GRACE_MS);
    await this.exited;
    clearTimeout(killed);
  }

  describeExit(): string {
    return `${this.name} exited (${this.child.signalCode ?? `code ${this.child.exitCode}`}):\n${tail(this.logFile)}`;
  }

  /** Last resort when the bench itself exits: no waiting. */
  kill(): void {
    if (this.running) this.child.kill('SIGKILL');
  }
}

/** PIDs of the services of every running deployment, killed if the bench exits without tearing down. */
const everyService = new Set<ServiceProcess>();
process.once('exit', () => everyService.forEach((service) => service.kill()));

/**
 * The five Hookline services as separate processes on one namespace: the registry first (the
 * others read its projection), then the rest, ready once the gateway's health check answers.
 */
export class HooklineProcesses {
  private constructor(
    readonly gatewayUrl: string,
    readonly adminToken: string,
    readonly services: ServiceProcess[],
  ) {}

  static async start(namespace: BenchNamespace, nc: NatsConnection, options: HooklineStartOptions): Promise<HooklineProcesses> {
    mkdirSync(options.scratchDir, { recursive: true });
    const [port, grpcPort] = [await freePort(), await freePort()];
    const adminToken = `bench_admin_${randomBytes(12).toString('hex')}`;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NATS_URL: BENCH_NATS_URL,
      DATABASE_URL: namespace.databaseUrl,
      HOOKLINE_SUBJECT_ROOT: namespace.names.subjectRoot,
      HOOKLINE_STREAM_PREFIX: namespace.names.streamPrefix,
      HOOKLINE_MASTER_KEY: randomBytes(32).toString('hex'),
      HOOKLINE_ADMIN_TOKEN: adminToken,
      HOOKLINE_EGRESS_ALLOW: '127.0.0.0/8,::1/128',
      PORT: String(port),
      GRPC_PORT: String(grpcPort),
      LOG_LEVEL: 'warn',
      ...options.env,
    };
    const services: ServiceProcess[] = [];
    const deployment = new HooklineProcesses(`http://127.0.0.1:${port}`, adminToken, services);
    const launch = (name: ServiceName) => {
      const service = spawnService(name, env, options);
      services.push(service);
      everyService.add(service);
      return service;
    };
    try {
      const registry = launch('endpoint-registry');
      await registry.untilReady(registryAnswers(nc, namespace));
      const rest = (['attempt-log', 'event-router', 'dispatcher', 'gateway'] as const).map(launch);
      const gateway = rest[rest.length - 1];
      await Promise.all([gateway.untilReady(gatewayHealthy(deployment.gatewayUrl)), ...rest.map((service) => service.untilReady(settledSoon()))]);
      return deployment;
    } catch (error) {
      await deployment.stop();
      throw error;
    }
  }

  pids(): Record<string, number> {
    return Object.fromEntries(this.services.map((service) => [service.name, service.pid]));
  }

  /** Throws, quoting its log, when a service has died (so a scenario stops waiting for it). */
  assertRunning(): void {
    const dead = this.services.find((service) => !service.running);
    if (dead) throw new Error(dead.describeExit());
  }

  async stop(): Promise<void> {
    await Promise.all(this.services.map((service) => service.stop()));
    this.services.forEach((service) => everyService.delete(service));
  }
}

function spawnService(name: ServiceName, env: NodeJS.ProcessEnv, options: HooklineStartOptions): ServiceProcess {
  const logFile = join(options.scratchDir, `${options.label}-${name}.log`);
  const log = openSync(logFile, 'a');
  const nodeFlags = [...(SERVICE_NODE_OPTIONS[name]?.split(' ') ?? []), ...(options.profile.includes(name) ? profilingFlags(name, options) : [])];
  const child = spawn(process.execPath, [...nodeFlags, serviceEntry(name)], { cwd: REPO_ROOT, env, stdio: ['ignore', log, log] });
  closeSync(log);
  return new ServiceProcess(name, child, logFile);
}

/**
 * `--cpu-prof` writes its profile only when the process exits normally, but NestJS ends its
 * shutdown by re-raising the signal; the preload turns that last signal into process.exit().
 */
function profilingFlags(name: ServiceName, options: HooklineStartOptions): string[] {
  return [
    '--cpu-prof',
    `--cpu-prof-dir=${join(options.scratchDir, 'profiles')}`,
    `--cpu-prof-name=${options.label}-${name}.cpuprofile`,
    `--require=${benchEntry('profiling', 'exit-after-shutdown.js')}`,
  ];
}

/** The registry answers request/reply once its projection has caught up. */
async function registryAnswers(nc: NatsConnection, namespace: BenchNamespace): Promise<void> {
  const rpc = new RpcClient(nc, 1000);
  const subject = namespace.names.rpc('registry', RegistryOp.ListApps);
  await poll('endpoint-registry to answer', () => rpc.call(subject, { orgId: 'org_default' }).then(() => true, () => false));
}

async function gatewayHealthy(gatewayUrl: string): Promise<void> {
  await poll('the gateway health check', () => fetch(`${gatewayUrl}/api/v1/health`).then((response) => response.status === 204, () => false));
}

/**
 * The other services show no readiness signal of their own; a warm-up through the whole path
 * (run by every scenario) proves them. This only catches a service that dies at start-up.
 */
function settledSoon(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 1000));
}

async function poll(what: string, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${START_TIMEOUT_MS} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function tail(file: string, lines = 20): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}
