import { connect, NatsConnection } from 'nats';
import { AttemptRecorded } from '@hookline/contracts';
import { TestHookline, applicationIn, attemptRecorded, endpointIn, eventually, startTestHookline } from '@hookline/testing';

const ORG = 'org_default';

/** ATTEMPTS holds batches now, and single attempts from dispatchers of before; the log reads both. */
describe('the attempt log reads both forms of ATTEMPTS entries', () => {
  let hookline: TestHookline;
  let nc: NatsConnection;

  beforeAll(async () => {
    hookline = await startTestHookline();
    nc = await connect({ servers: hookline.env.NATS_URL });
  });

  afterAll(async () => {
    await nc?.close();
    await hookline?.stop();
  });

  it('stores a single attempt and the valid attempts of a batch holding an invalid one', async () => {
    const app = (await hookline.api.post('/app', applicationIn())).body;
    const endpoint = (await hookline.api.post(`/app/${app.id}/endpoint`, endpointIn({ url: 'http://127.0.0.1:9/hook' }))).body;
    const attempt = (fields: Partial<AttemptRecorded> = {}) => attemptRecorded(app.id, endpoint, { orgId: ORG, ...fields });
    const single = attempt();
    const batched = attempt();
    const subject = hookline.namespace.names.attempt(ORG, app.id, endpoint.id);
    const js = nc.jetstream();
    await js.publish(subject, JSON.stringify(single));
    await js.publish(subject, JSON.stringify({ attempts: [{ ...attempt(), status: 'not a status' }, batched] }));

    const logged = await eventually(async () => {
      const list = await hookline.api.get(`/app/${app.id}/attempt/endpoint/${endpoint.id}`);
      expect(list.body.data).toHaveLength(2);
      return list.body.data;
    });
    expect(logged.map((entry: { id: string }) => entry.id).sort()).toEqual([single.id, batched.id].sort());
  });
});
