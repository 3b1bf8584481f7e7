import { JetStreamManager } from 'nats';
import { Client } from 'pg';
import { NatsNames } from '@hookline/contracts';
import { JetStreamPublisher } from '@hookline/messaging';
import { BenchNamespace, createBenchNamespace } from '../infrastructure/bench-namespace';
import { HooklineAdmin } from '../infrastructure/hookline-admin';
import { HooklineProcesses } from '../infrastructure/hookline-processes';
import { MessagePublisher } from '../load/message-publisher';
import { DeliveryProgress } from '../measure/delivery-progress';
import { WatchedProcesses } from '../measure/process-meter';
import { machineClockMs } from '../measure/timing';
import { Receiver, ReceiverFleet } from '../receivers/receiver-fleet';
import { Behaviour } from '../receivers/receiver-protocol';
import { BenchContext } from './bench-context';

/** An endpoint the bench created, and the receiver behind its URL. */
export interface BenchEndpoint {
  appId: string;
  endpointId: string;
  receiver: Receiver;
}

const WARM_UP_TIMEOUT_MS = 120_000;
const WARM_UP_STALL_MS = 30_000;

/**
 * Hookline as one scenario measures it: its five processes on a fresh database and NATS
 * namespace, the receivers its endpoints point at, and the bench's tools to feed and watch it.
 * Every scenario gets its own, so none inherits another's backlog or table sizes.
 */
export class HooklineDeployment {
  private readonly undo: (() => Promise<void>)[] = [];
  private appCount = 0;
  receivers: ReceiverFleet;
  processes: HooklineProcesses;
  names: NatsNames;
  jsm: JetStreamManager;
  admin: HooklineAdmin;
  publisher: MessagePublisher;
  progress: DeliveryProgress;

  private constructor(private readonly ctx: BenchContext) {}

  static async start(ctx: BenchContext, label: string, env?: Record<string, string>): Promise<HooklineDeployment> {
    const deployment = new HooklineDeployment(ctx);
    try {
      await deployment.bringUp(label, env);
    } catch (error) {
      await deployment.stop();
      throw error;
    }
    return deployment;
  }

  /** One receiver per behaviour and an endpoint for each: every endpoint in an app of its own, or all in one app. */
  async endpoints(behaviours: Behaviour[], layout: 'app per endpoint' | 'one app'): Promise<BenchEndpoint[]> {
    const receivers = await this.receivers.listen(behaviours);
    const sharedApp = layout === 'one app' ? await this.newApp() : undefined;
    const created: BenchEndpoint[] = [];
    for (const receiver of receivers) {
      const appId = sharedApp ?? (await this.newApp());
      created.push({ appId, endpointId: await this.admin.createEndpoint(appId, receiver.url), receiver });
    }
    return created;
  }

  /**
   * Sends `messages` through the whole path to these endpoints and waits until every attempt is
   * logged: proves the deployment works and warms JIT, connection pools and the database.
   */
  async warmUp(endpoints: BenchEndpoint[], messages: number): Promise<void> {
    const apps = distinctApps(endpoints);
    const loggedBefore = await this.progress.attemptsLogged(endpoints);
    const since = machineClockMs();
    await this.publisher.burst(apps, messages);
    const expected = deliveriesFor(endpoints, messages);
    const completion = await this.progress.waitFor({
      endpoints,
      receivers: endpoints.map((endpoint) => endpoint.receiver),
      expected,
      loggedBefore,
      since,
      timeoutMs: WARM_UP_TIMEOUT_MS,
      stallMs: WARM_UP_STALL_MS,
    });
    if (completion.loggedSeconds === null || completion.receivedSeconds === null) {
      throw new Error(`warm-up did not complete: ${completion.received} of ${expected} received, ${completion.logged} logged`);
    }
    await this.receivers.clear(endpoints.map((endpoint) => endpoint.receiver));
  }

  /** The Hookline services, by name. */
  services(): WatchedProcesses {
    return Object.fromEntries(Object.entries(this.processes.pids()).map(([name, pid]) => [name, [pid]]));
  }

  /** Everything that competes for the CPU during a run: services, receivers, this driver, NATS and PostgreSQL. */
  everything(): WatchedProcesses {
    return {
      ...this.services(),
      receivers: [this.receivers.pid],
      'bench driver': [process.pid],
      'nats-server': { named: 'nats-server' },
      postgres: { named: 'postgres' },
    };
  }

  async stop(): Promise<void> {
    while (this.undo.length > 0) await this.undo.pop()!();
  }

  private async bringUp(label: string, env?: Record<string, string>): Promise<void> {
    const { ctx } = this;
    ctx.progress(`${label}: starting Hookline (5 processes)`);
    const namespace: BenchNamespace = await createBenchNamespace();
    this.undo.push(ctx.teardown.add(`drop ${label} database and streams`, namespace.drop));
    this.receivers = ReceiverFleet.start();
    this.undo.push(ctx.teardown.add(`stop ${label} receivers`, () => this.receivers.stop()));
    this.processes = await HooklineProcesses.start(namespace, ctx.nc, { label, env, profile: ctx.options.profile, scratchDir: ctx.scratchDir });
    this.undo.push(ctx.teardown.add(`stop ${label} services`, () => this.processes.stop()));
    const database = new Client({ connectionString: namespace.databaseUrl });
    await database.connect();
    this.undo.push(ctx.teardown.add(`close ${label} database connection`, () => database.end()));
    this.names = namespace.names;
    this.jsm = await ctx.nc.jetstreamManager();
    this.admin = new HooklineAdmin(this.processes.gatewayUrl, this.processes.adminToken);
    const jetStreamPublisher = new JetStreamPublisher(ctx.nc);
    this.undo.push(ctx.teardown.add(`close ${label} publisher`, async () => jetStreamPublisher.close()));
    this.publisher = new MessagePublisher(jetStreamPublisher, namespace.names);
    this.progress = new DeliveryProgress(database, this.receivers, () => this.processes.assertRunning());
  }

  private newApp(): Promise<string> {
    return this.admin.createApp(`bench app ${++this.appCount}`);
  }
}

/** The apps of these endpoints, each once, in order. */
export function distinctApps(endpoints: BenchEndpoint[]): string[] {
  return [...new Set(endpoints.map((endpoint) => endpoint.appId))];
}

/** Deliveries that `messages` spread round-robin over the endpoints' apps make (each message reaches every endpoint of its app). */
export function deliveriesFor(endpoints: BenchEndpoint[], messages: number): number {
  const apps = distinctApps(endpoints);
  return apps.reduce((sum, appId, i) => {
    const messagesToApp = Math.floor(messages / apps.length) + (i < messages % apps.length ? 1 : 0);
    return sum + messagesToApp * endpoints.filter((endpoint) => endpoint.appId === appId).length;
  }, 0);
}
