import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { connect } from 'nats';
import { Client } from 'pg';
import { StreamKind } from '@hookline/contracts';
import { TestHookline, applicationIn, endpointIn, startTestHookline } from '@hookline/testing';

/** Secrets are sealed with the master key before they enter a stream or a table. */
describe('secrets at rest', () => {
  let hookline: TestHookline;

  beforeAll(async () => {
    hookline = await startTestHookline();
  });

  afterAll(() => hookline?.stop());

  it('leaves no signing secret (whsec_ or whsk_), credential header or API token in plaintext in PostgreSQL or JetStream', async () => {
    const secretBytes = randomBytes(32).toString('base64');
    const headerValue = `Bearer ${randomBytes(16).toString('hex')}`;
    const app = (await hookline.api.post('/app', applicationIn())).body;
    const endpoint = (await hookline.api.post(`/app/${app.id}/endpoint`, endpointIn({ url: 'http://127.0.0.1:9/x', secret: `whsec_${secretBytes}`, headers: { authorization: headerValue } }))).body;
    await hookline.api.post(`/app/${app.id}/endpoint/${endpoint.id}/secret/rotate`, {});
    const ed25519Seed = Buffer.from(generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' }).d!, 'base64url').toString('base64');
    const signing = await hookline.api.post(`/app/${app.id}/endpoint`, endpointIn({ url: 'http://127.0.0.1:9/y', secret: `whsk_${ed25519Seed}` }));
    expect(signing.status).toBe(201);
    const rotated = (await hookline.api.get(`/app/${app.id}/endpoint/${endpoint.id}/secret`)).body.key.replace('whsec_', '');
    const token = (await hookline.api.post('/api-key', { name: 'at rest' })).body.key;
    const plaintexts = [secretBytes, rotated, ed25519Seed, headerValue, token];

    const db = new Client({ connectionString: hookline.database.url });
    await db.connect();
    const tables = (await db.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public'`)).rows.map((row) => row.tablename);
    let dump = '';
    for (const table of tables) dump += JSON.stringify((await db.query(`SELECT * FROM "${table}"`)).rows);
    await db.end();
    expect(dump).toContain(endpoint.id);
    expect(dump).toContain(signing.body.id);

    const nc = await connect({ servers: hookline.env.NATS_URL });
    const jsm = await nc.jetstreamManager();
    const stream = hookline.namespace.names.stream(StreamKind.Registry);
    const { state } = await jsm.streams.info(stream);
    let events = '';
    for (let seq = state.first_seq; seq <= state.last_seq; seq++) events += new TextDecoder().decode((await jsm.streams.getMessage(stream, { seq })).data);
    await nc.close();
    expect(events).toContain(endpoint.id);
    expect(events).toContain(signing.body.id);

    for (const plaintext of plaintexts) {
      expect(dump).not.toContain(plaintext);
      expect(events).not.toContain(plaintext);
    }
  });
});
