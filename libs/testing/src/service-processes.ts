import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, WriteStream } from 'node:fs';
import { join, resolve } from 'node:path';

export type ServiceName = 'gateway' | 'endpoint-registry' | 'event-router' | 'dispatcher' | 'attempt-log';

const REPO_ROOT = resolve(__dirname, '../../..');

/**
 * Hookline's services as separate processes built in dist/ (`nest build`), for tests that kill
 * them. Each one's output goes to `<logDir>/<name>.log`.
 */
export class ServiceProcesses {
  private readonly children = new Map<ServiceName, ChildProcess>();
  private readonly logs = new Map<ServiceName, WriteStream>();

  constructor(
    private readonly env: NodeJS.ProcessEnv,
    private readonly logDir: string,
  ) {}

  /** Starts a service and resolves once it logged that it started (the gateway: that it listens). */
  start(name: ServiceName): Promise<void> {
    const log = this.logs.get(name) ?? createWriteStream(join(this.logDir, `${name}.log`), { flags: 'a' });
    this.logs.set(name, log);
    const child = spawn(process.execPath, [join(REPO_ROOT, `dist/apps/${name}/src/main.js`)], {
      env: { ...process.env, ...this.env, LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.children.set(name, child);
    child.stderr!.pipe(log, { end: false });
    return new Promise((resolveStarted, reject) => {
      let seen = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        log.write(chunk);
        seen = (seen + chunk.toString()).slice(-4096);
        if (/"msg":"(started|gateway listening)"/.test(seen)) resolveStarted();
      });
      child.once('exit', (code, signal) => reject(new Error(`${name} exited (${code ?? signal}) before it started; see ${this.logDir}/${name}.log`)));
    });
  }

  /** Kills the service it started, by PID. */
  kill(name: ServiceName, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.children.get(name);
    if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise((resolveExit) => {
      child.once('exit', () => resolveExit());
      child.kill(signal);
    });
  }

  async restart(name: ServiceName): Promise<void> {
    await this.kill(name);
    await this.start(name);
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.children.keys()].map((name) => this.kill(name, 'SIGTERM')));
    for (const log of this.logs.values()) log.end();
  }
}
