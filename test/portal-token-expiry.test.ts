import { ApiException, Svix } from 'svix';
import { HooklineApi, TestHookline, applicationIn, startTestHookline } from '@hookline/testing';

/** `POST /auth/app/{app}/expire-all`: portal tokens are self-contained, yet can be expired, durably. */
describe('expiring app-portal tokens', () => {
  let hookline: TestHookline;

  beforeAll(async () => {
    hookline = await startTestHookline();
  });

  afterAll(() => hookline?.stop());

  const svix = () => new Svix(hookline.adminToken, { serverUrl: hookline.url });
  const issue = async (appId: string, body: Record<string, unknown> = {}): Promise<string> =>
    (await hookline.api.post(`/auth/app-portal-access/${appId}`, body)).body.token;
  /** Status of a read of the token's app and of its endpoints, on the gateway running now. */
  const statuses = async (token: string, appId: string): Promise<number[]> => {
    const portal = new HooklineApi(hookline.url, token);
    return [(await portal.get(`/app/${appId}`)).status, (await portal.get(`/app/${appId}/endpoint`)).status];
  };

  it('expires the tokens of one app issued before the call, for good, and leaves the rest working', async () => {
    const app = (await hookline.api.post('/app', applicationIn())).body;
    const other = (await hookline.api.post('/app', applicationIn())).body;
    const before = await issue(app.id);
    const otherToken = await issue(other.id);
    expect(await statuses(before, app.id)).toEqual([200, 200]);

    await svix().authentication.expireAll(app.id, {});
    expect(await statuses(before, app.id)).toEqual([401, 401]);
    expect((await new HooklineApi(hookline.url, before).get(`/app/${app.id}`)).body.detail).toMatch(/expired/);
    const after = await issue(app.uid);
    expect(await statuses(after, app.id)).toEqual([200, 200]);
    expect(await statuses(otherToken, other.id)).toEqual([200, 200]);

    // The expiry is on REGISTRY: a restarted gateway rebuilds it from there.
    await hookline.stopServices();
    await hookline.restartServices();
    expect(await statuses(before, app.id)).toEqual([401, 401]);
    expect(await statuses(after, app.id)).toEqual([200, 200]);
    expect(await statuses(otherToken, other.id)).toEqual([200, 200]);
  });

  it('keeps tokens working for the `expiry` grace and can target sessions', async () => {
    const app = (await hookline.api.post('/app', applicationIn())).body;
    const alice = await issue(app.id, { sessionId: 'alice@example_1' });
    const bob = await issue(app.id, { sessionId: 'bob' });
    const anonymous = await issue(app.id);

    expect((await hookline.api.post(`/auth/app/${app.id}/expire-all`, { sessionIds: ['alice@example_1'] })).status).toBe(204);
    expect(await statuses(alice, app.id)).toEqual([401, 401]);
    expect(await statuses(bob, app.id)).toEqual([200, 200]);
    expect(await statuses(anonymous, app.id)).toEqual([200, 200]);

    await svix().authentication.expireAll(app.id, { expiry: 1 });
    expect(await statuses(bob, app.id)).toEqual([200, 200]);
    expect(await statuses(anonymous, app.id)).toEqual([200, 200]);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(await statuses(bob, app.id)).toEqual([401, 401]);
    expect(await statuses(anonymous, app.id)).toEqual([401, 401]);
    expect(await statuses(alice, app.id)).toEqual([401, 401]);
  });

  it('takes concurrent session logouts, each expiring its own session only', async () => {
    const app = (await hookline.api.post('/app', applicationIn())).body;
    const sessions = Array.from({ length: 12 }, (_, index) => `user_${index}`);
    const tokens = await Promise.all(sessions.map((sessionId) => issue(app.id, { sessionId })));
    const stays = await issue(app.id, { sessionId: 'stays' });
    const answers = await Promise.all(sessions.map((sessionId) => hookline.api.post(`/auth/app/${app.id}/expire-all`, { sessionIds: [sessionId] })));
    expect(answers.map((answer) => answer.status)).toEqual(sessions.map(() => 204));
    for (const token of tokens) expect(await statuses(token, app.id)).toEqual([401, 401]);
    expect(await statuses(stays, app.id)).toEqual([200, 200]);
  });

  it('is scoped to the caller: another org gets 404, a portal token 403, bad bodies 422', async () => {
    const app = (await hookline.api.post('/app', applicationIn())).body;
    const token = await issue(app.id);
    const otherOrg = new HooklineApi(hookline.url, (await hookline.api.post('/api-key', { name: 'other org', newOrg: true })).body.key);

    expect((await otherOrg.post(`/auth/app/${app.id}/expire-all`, {})).status).toBe(404);
    expect((await otherOrg.post(`/auth/app/${app.uid}/expire-all`, {})).status).toBe(404);
    const sdkError = await new Svix((await hookline.api.post('/api-key', { name: 'third org', newOrg: true })).body.key, { serverUrl: hookline.url })
      .authentication.expireAll(app.id, {})
      .catch((error: unknown) => error);
    expect(sdkError).toBeInstanceOf(ApiException);
    expect((sdkError as ApiException<unknown>).code).toBe(404);
    expect((await new HooklineApi(hookline.url, token).post(`/auth/app/${app.id}/expire-all`, {})).status).toBe(403);
    for (const body of [{ expiry: -1 }, { expiry: 3 * 24 * 3600 + 1 }, { sessionIds: ['has space'] }, { sessionIds: 'alice' }]) {
      expect((await hookline.api.post(`/auth/app/${app.id}/expire-all`, body)).status).toBe(422);
    }
    expect((await hookline.api.post('/auth/app/app_unknown/expire-all', {})).status).toBe(404);
    expect((await hookline.api.post(`/auth/app-portal-access/${app.id}`, { sessionId: 'has space' })).status).toBe(422);
    expect(await statuses(token, app.id)).toEqual([200, 200]);
  });
});
