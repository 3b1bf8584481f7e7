import { Injectable, MessageEvent } from '@nestjs/common';
import { ConsumerMessages, DeliverPolicy, JsMsg } from 'nats';
import { Observable } from 'rxjs';
import { AttemptRecorded, HooklineError, StreamKind, attemptsIn } from '@hookline/contracts';
import { NatsClients, decodeJson } from '@hookline/messaging';
import { RegistryFollower, readIncomingMessage } from '@hookline/registry-model';

const CREDENTIAL_CHECK_MS = 1000;

/**
 * Server-Sent Events of an app's new messages and attempts, for live dashboards: ordered
 * JetStream consumers from "now" on the app's MESSAGES and ATTEMPTS subjects, one set per viewer,
 * removed when the viewer goes away.
 */
@Injectable()
export class LiveFeedService {
  constructor(
    private readonly nats: NatsClients,
    private readonly registry: RegistryFollower,
  ) {}

  /** @param stillValid checked before each event and every second: the feed ends when the caller's credential expires or is revoked. */
  async open(orgId: string, appRef: string, stillValid: () => boolean): Promise<Observable<MessageEvent>> {
    const app = await this.registry.findApp(orgId, appRef);
    if (!app) throw HooklineError.notFound('Application');
    const { names } = this.nats;
    // Producers may address the app by id or by uid; JetStream 2.9 takes one filter per consumer.
    const feeds: [StreamKind, string][] = [
      [StreamKind.Messages, names.message(orgId, app.id)],
      ...(app.uid && !app.uid.includes('.') ? [[StreamKind.Messages, names.message(orgId, app.uid)] as [StreamKind, string]] : []),
      [StreamKind.Attempts, `${names.attempt(orgId, app.id, '*')}`],
    ];
    return new Observable<MessageEvent>((subscriber) => {
      const opened: Promise<ConsumerMessages>[] = feeds.map(async ([kind, subject]) => {
        const consumer = await this.nats.js.consumers.get(names.stream(kind), { filterSubjects: subject, deliver_policy: DeliverPolicy.New });
        return consumer.consume({
          callback: (msg) => {
            if (!stillValid()) return subscriber.complete();
            (kind === StreamKind.Messages ? [this.messageEvent(msg)] : attemptEvents(msg)).forEach((event) => subscriber.next(event));
          },
        });
      });
      Promise.all(opened).catch((error) => subscriber.error(error));
      const watch = setInterval(() => stillValid() || subscriber.complete(), CREDENTIAL_CHECK_MS);
      return () => {
        clearInterval(watch);
        opened.forEach((pending) => void pending.then((messages) => messages.stop()).catch(() => undefined));
      };
    });
  }

  private messageEvent(msg: JsMsg): MessageEvent {
    const incoming = readIncomingMessage(msg, this.nats, this.registry.view);
    if (!incoming.accepted) return { type: 'rejected', data: { subject: msg.subject, reason: incoming.reason } };
    const { id, eventType, eventId, channels, payloadJson, acceptedAt } = incoming.message;
    return { type: 'message', id, data: { id, eventType, eventId, channels, payload: decodeJson(payloadJson), timestamp: new Date(acceptedAt).toISOString() } };
  }
}

function attemptEvents(msg: JsMsg): MessageEvent[] {
  return (attemptsIn(msg.json()) as AttemptRecorded[]).map(attemptEvent);
}

function attemptEvent(attempt: AttemptRecorded): MessageEvent {
  const { orgId: _org, appId: _app, final: _final, attemptNumber: _n, ...out } = attempt;
  return { type: 'attempt', id: attempt.id, data: { ...out, timestamp: new Date(attempt.timestamp).toISOString() } };
}
