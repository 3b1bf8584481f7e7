import { ChildProcess, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { freePort } from './free-port';

export interface EmbeddedNats {
  url: string;
  stop(): Promise<void>;
}

/** Starts `nats-server` from PATH with JetStream, storing in `<dataDir>/nats`, on a free loopback port. */
export async function startEmbeddedNats(dataDir: string): Promise<EmbeddedNats> {
  const storeDir = join(dataDir, 'nats');
  mkdirSync(storeDir, { recursive: true });
  const port = await freePort();
  const child = spawn('nats-server', ['-js', '-sd', storeDir, '-a', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
  const failed = new Promise<never>((_, reject) => {
    child.once('error', (error) => reject(new Error(`could not start nats-server (is it on PATH?): ${error.message}`)));
    child.once('exit', (code) => reject(new Error(`nats-server exited with code ${code}`)));
  });
  await Promise.race([waitForPort(port), failed]);
  return { url: `nats://127.0.0.1:${port}`, stop: () => stopChild(child) };
}

async function waitForPort(port: number, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => (socket.end(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`nats-server did not listen on port ${port} within ${timeoutMs} ms`);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
