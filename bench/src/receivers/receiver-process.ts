import { IncomingMessage, Server, ServerResponse, createServer } from 'node:http';
import { machineClockMs } from '../measure/timing';
import { Behaviour, CommandEnvelope, ReceiverCommand, Receipts, ReplyEnvelope } from './receiver-protocol';

/**
 * The receivers' own process (forked by ReceiverFleet), so that their CPU use is measured apart
 * from the bench driver's: plain node:http servers on 127.0.0.1 that note when each webhook-id
 * arrived and answer according to their behaviour.
 */
class ReceivingServer {
  readonly receipts: Receipts = { ids: [], at: [] };
  /** Distinct webhook-ids, so redeliveries do not count as progress. */
  readonly distinct = new Set<string>();
  private readonly server: Server;

  constructor(private readonly behaviour: Behaviour) {
    this.server = createServer((request, response) => this.receive(request, response));
  }

  listen(): Promise<number> {
    return new Promise((resolve) => {
      this.server.listen(0, '127.0.0.1', () => {
        const address = this.server.address();
        resolve(typeof address === 'object' && address ? address.port : 0);
      });
    });
  }

  clear(): void {
    this.receipts.ids = [];
    this.receipts.at = [];
    this.distinct.clear();
  }

  private receive(request: IncomingMessage, response: ServerResponse): void {
    request.resume();
    request.once('end', () => {
      const id = String(request.headers['webhook-id']);
      this.receipts.ids.push(id);
      this.receipts.at.push(machineClockMs());
      this.distinct.add(id);
      if (this.behaviour === 'ok') {
        response.statusCode = 204;
        response.end();
      } else if (this.behaviour === 'fail') {
        response.statusCode = 500;
        response.end('receiver error');
      }
      // A black hole never answers; the sender's timeout ends the request.
    });
  }
}

const servers: ReceivingServer[] = [];

async function execute(command: ReceiverCommand): Promise<unknown> {
  switch (command.op) {
    case 'listen': {
      const added = command.behaviours.map((behaviour) => new ReceivingServer(behaviour));
      servers.push(...added);
      return { ports: await Promise.all(added.map((server) => server.listen())) };
    }
    case 'counts':
      return { counts: servers.map((server) => server.distinct.size) };
    case 'receipts':
      return { perServer: command.servers.map((index) => servers[index].receipts) };
    case 'clear':
      command.servers.forEach((index) => servers[index].clear());
      return {};
  }
}

process.on('message', (envelope: CommandEnvelope) => {
  execute(envelope.command).then(
    (reply) => process.send!({ id: envelope.id, reply } satisfies ReplyEnvelope),
    (error: Error) => process.send!({ id: envelope.id, error: error.message } satisfies ReplyEnvelope),
  );
});
// The bench closing the IPC channel (or dying) ends the receivers, black-hole connections and all.
process.on('disconnect', () => process.exit(0));
