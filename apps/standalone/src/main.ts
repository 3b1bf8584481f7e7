import 'reflect-metadata';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { keepHeapCompact } from '@hookline/config';
import { runMigrations } from '@hookline/database';
import { createLogger } from '@hookline/observability';
import { EmbeddedDatabase, startEmbeddedPostgres } from './embedded-postgres';
import { EmbeddedNats, startEmbeddedNats } from './embedded-nats';
import { startHooklineServices } from './hookline-services';
import { generateAdminToken, generateMasterKey, keptSecret } from './local-secrets';

/**
 * `npm start`: all five services in one process. Without NATS_URL / DATABASE_URL it runs its own
 * nats-server and PostgreSQL in HOOKLINE_DATA_DIR, so a new user needs nothing else.
 */
async function main(): Promise<void> {
  keepHeapCompact();
  const logLevel = process.env.LOG_LEVEL ?? 'info';
  const logger = createLogger('hookline', logLevel);
  const dataDir = resolve(process.env.HOOKLINE_DATA_DIR ?? '.hookline');
  mkdirSync(dataDir, { recursive: true });
  const env: NodeJS.ProcessEnv = { ...process.env };
  const cleanups: (() => Promise<void>)[] = [];
  const shutdown = async (code: number) => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch((error) => logger.error({ err: error }, 'shutdown step failed'));
    process.exit(code);
  };
  process.once('SIGINT', () => void shutdown(0));
  process.once('SIGTERM', () => void shutdown(0));
  // A failure outside any awaited promise (a child process that cannot be spawned emits it as an
  // event) still stops what was started, rather than leaving nats-server or PostgreSQL running.
  process.once('uncaughtException', (error) => {
    logger.fatal({ err: error }, explainFailure(error));
    void shutdown(1);
  });

  try {
    if (!env.NATS_URL) {
      const nats: EmbeddedNats = await startEmbeddedNats(dataDir);
      cleanups.push(nats.stop);
      env.NATS_URL = nats.url;
      logger.info({ url: nats.url }, 'started local nats-server');
    }
    if (!env.DATABASE_URL) {
      const database: EmbeddedDatabase = await startEmbeddedPostgres(dataDir);
      cleanups.push(database.stop);
      env.DATABASE_URL = database.url;
      logger.info('started embedded PostgreSQL');
    }
    if (!env.HOOKLINE_MASTER_KEY) {
      env.HOOKLINE_MASTER_KEY = keptSecret(dataDir, 'master-key', generateMasterKey).value;
      logger.warn({ file: `${dataDir}/master-key` }, 'HOOKLINE_MASTER_KEY is unset: using a generated key kept in the data directory');
    }
    if (env.HOOKLINE_EGRESS_ALLOW === undefined) {
      env.HOOKLINE_EGRESS_ALLOW = '127.0.0.0/8,::1/128';
      logger.warn('HOOKLINE_EGRESS_ALLOW is unset: allowing deliveries to loopback addresses for local use');
    }
    let announceToken = false;
    if (!env.HOOKLINE_ADMIN_TOKEN) {
      const token = keptSecret(dataDir, 'admin-token', generateAdminToken);
      env.HOOKLINE_ADMIN_TOKEN = token.value;
      announceToken = token.generated;
    }
    await runMigrations(env.DATABASE_URL);
    const hookline = await startHooklineServices(env, logLevel);
    cleanups.push(hookline.stop);
    console.log(`\nHookline is running at ${hookline.url}/api/v1`);
    if (announceToken) console.log(`Admin token (shown once, kept in ${dataDir}/admin-token):\n  ${env.HOOKLINE_ADMIN_TOKEN}\n`);
  } catch (error) {
    logger.fatal({ err: error }, explainFailure(error));
    await shutdown(1);
  }
}

/** The error's message, with what to do about the start-up failures a new user can run into. */
function explainFailure(error: unknown): string {
  const { message, code, path } = error as Error & { code?: string; path?: string };
  if (code === 'EACCES' && path?.includes('embedded-postgres') && process.getuid?.() === 0) {
    return `${message}: started as root, Hookline runs its embedded PostgreSQL as the user "postgres", who cannot reach ${path}; make the directories above it traversable (chmod o+x) or set DATABASE_URL`;
  }
  return message;
}

void main();
