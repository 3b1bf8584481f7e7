import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import { createServer } from 'node:http';
import { Server, Socket, createServer as createTcpServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestHookline, applicationIn, endpointIn, eventually, messageIn, startTestHookline, startWebhookReceiver } from '@hookline/testing';

function listen(server: Server, host = '127.0.0.1'): Promise<number> {
  server.unref();
  return new Promise((resolve) => server.listen(0, host, () => resolve((server.address() as { port: number }).port)));
}

function selfSignedCertificate(): { key: Buffer; cert: Buffer } {
  const dir = mkdtempSync(join(tmpdir(), 'hookline-tls-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=127.0.0.1', '-days', '1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
  return { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
}

describe('egress safety and HTTP behaviour', () => {
  let hookline: TestHookline;
  let appId: string;

  beforeAll(async () => {
    // Only 127.0.0.1 is allowed: the rest of 127/8 stands in for the private networks.
    hookline = await startTestHookline({
      env: { HOOKLINE_EGRESS_ALLOW: '127.0.0.1/32' },
      eventTypes: ['http.binary', 'http.retry-after', 'http.reuse', 'http.slow', 'http.verbose', 'redirect.follow', 'redirect.headers', 'redirect.see-other', 'redirect.strict', 'tls.trust', 'tls.verify'],
    });
    appId = (await hookline.api.post('/app', applicationIn())).body.id;
  });

  afterAll(() => hookline?.stop());

  async function attemptsOf(endpointId: string, count: number) {
    return eventually(async () => {
      const list = await hookline.api.get(`/app/${appId}/attempt/endpoint/${endpointId}`);
      expect(list.body.data.length).toBeGreaterThanOrEqual(count);
      return list.body.data;
    });
  }

  it.each([
    'http://127.0.0.2:8080/hook',
    'http://10.0.0.5/hook',
    'http://169.254.169.254/latest/meta-data',
    'http://100.64.1.1/hook',
    'http://192.168.1.10/hook',
    'http://[::1]:8080/hook',
    'http://[::ffff:127.0.0.2]/hook',
    'http://[fd00::1]/hook',
    'http://224.0.0.1/hook',
    'http://0.0.0.0/hook',
  ])('refuses an endpoint at %s with 422 and creates nothing', async (url) => {
    const response = await hookline.api.post(`/app/${appId}/endpoint`, endpointIn({ url }));
    expect(response.status).toBe(422);
    expect(response.body.detail[0]).toMatchObject({ loc: ['body', 'url'], msg: expect.stringMatching(/private or reserved/) });
    expect((await hookline.api.get(`/app/${appId}/endpoint`)).body.data.map((e: any) => e.url)).not.toContain(url);
  });

  it('does not follow a redirect to a private address', async () => {
    const target = await startWebhookReceiver();
    const targetPort = Number(new URL(target.url).port);
    const privateTarget = createServer((_req, res) => res.end('should never be reached'));
    const privatePort = await listen(privateTarget, '127.0.0.2');
    const redirector = createServer((_req, res) => {
      res.writeHead(307, { location: `http://127.0.0.2:${privatePort}/stolen` });
      res.end();
    });
    const redirectorPort = await listen(redirector);
    let privateHits = 0;
    privateTarget.on('request', () => privateHits++);

    const endpoint = (await hookline.api.post(`/app/${appId}/endpoint`, endpointIn({ url: `http://127.0.0.1:${redirectorPort}/`, followRedirects: true, retryPolicy: { maxAttempts: 1 } }))).body;
    await hookline.api.post(`/app/${appId}/msg`, messageIn());
    const [attempt] = await attemptsOf(endpoint.id, 1);
    expect(attempt).toMatchObject({ status: 2, responseStatusCode: 0, response: expect.stringMatching(/egress blocked/) });
    expect(privateHits).toBe(0);
    expect(targetPort).toBeGreaterThan(0);
    await Promise.all([target.close(), new Promise((r) => privateTarget.close(r)), new Promise((r) => redirector.close(r))]);
  });

  it("sends the endpoint's own headers across a redirect only to the same origin; the signature goes everywhere", async () => {
    const elsewhere = await startWebhookReceiver();
    const landed: Record<string, string | string[] | undefined>[] = [];
    const redirector = createServer((req, res) => {
      if (req.url === '/landing') {
        landed.push(req.headers);
        res.writeHead(204).end();
      } else {
        res.writeHead(307, { location: req.url === '/same' ? '/landing' : elsewhere.url }).end();
      }
    });
    const port = await listen(redirector);
    const headers = { 'x-api-key': 'k_never_elsewhere' };
    const endpoint = (url: string) => endpointIn({ url, headers, filterTypes: ['redirect.headers'], followRedirects: true });
    await hookline.api.post(`/app/${appId}/endpoint`, endpoint(`http://127.0.0.1:${port}/same`));
    await hookline.api.post(`/app/${appId}/endpoint`, endpoint(`http://127.0.0.1:${port}/cross`));
    await hookline.api.post(`/app/${appId}/msg`, messageIn({ eventType: 'redirect.headers' }));

    const [crossed] = await elsewhere.waitFor(1);
    await eventually(() => expect(landed).toHaveLength(1));
    expect(landed[0]['x-api-key']).toBe('k_never_elsewhere');
    expect(crossed.headers['x-api-key']).toBeUndefined();
    expect(crossed.headers['webhook-signature']).toMatch(/^v1,/);
    await Promise.all([elsewhere.close(), new Promise((r) => redirector.close(r))]);
  });

  it('treats a 3xx as a failure unless followRedirects is set, and then follows it, except a 303', async () => {
    const target = await startWebhookReceiver();
    const redirector = createServer((req, res) => {
      res.writeHead(req.url === '/see-other' ? 303 : 308, { location: target.url });
      res.end();
    });
    const port = await listen(redirector);
    const strict = (await hookline.api.post(`/app/${appId}/endpoint`, endpointIn({ url: `http://127.0.0.1:${port}/a`, filterTypes: ['redirect.strict'], retryPolicy: { maxAttempts: 1 } }))).body;
    const following = (await hookline.api.post(`/app/${appId}/endpoint`, endpointIn({ url: `http://127.0.0.1:${port}/b`, filterTypes: ['redirect.follow'], followRedirects: true }))).body;
    await hookline.api.post(`/app/${appId}/msg`, messageIn({ eventType: 'redirect.strict' }));
    await hookline.api.post(`/app/${appId}/msg`, messageIn({ eventType: 'redirect.follow', payload: { followed: true } }));

    expect((await attemptsOf(strict.id, 1))[0]).toMatchObject({ status: 2, responseStatusCode: 308 });
    const [request] = await target.waitFor(1);
    expect(JSON.parse(request.body)).toEqual({ followed: true });
    expect((await attemptsOf(following.id, 1))[0]).toMatchObject({ status: 0, responseStatusCode: 204, url: target.url });

    // A 303 asks for a GET of another resource: no webhook to deliver there, so it ends the attempt.
    const seeOther = (await hookline.api.post(`/app/${appId}/endpoint`, endpointIn({ url: `http://127.0.0.1:${port}/see-other`, filterTypes: ['redirect.see-other'], followRedirects: true, retryPolicy: { maxAttempts: 1 } }))).body;
    await hookline.api.post(`/app/${appId}/msg`, messageIn({ eventType: 'redirect.see-other' }));
    expect((await attemptsOf(seeOther.id, 1))[0]).toMatchObject({ status: 2, responseStatusCode: 303, url: `http://127.0.0.1:${port}/see-other` });
    expect(target.requests).toHaveLength(1);
    await Promise.all([target.close(), new Promise((r) => redirector.close(r))]);
  });

  it('verifies TLS certificates unless tlsVerify is false', async () => {
    let received = 0;
    const server = createHttpsServer(selfSignedCertificate(), (req, res) => {
      req.resume();
      req.on('end', () => {
        received++;
        res.statusCode = 204;
        res.end();
      });
    });
    const port = await listen(server);
    const url = `https://127.0.0.1:${port}/hook`;
    const verifying = (await hookline.api.post(`/app/${appId}/endpoint`, endpointIn({ url, filterTypes: ['tls.verify'], retryPolicy: { maxAttempts: 1 } }))).body;
    const trusting = (await hookline.api.post(`/app/${appId}/endpoint`, endpointIn({ url, filterTypes: ['tls.trust'], tlsVerify: false }))).body;
    await hookline.api.post(`/app/${appId}/msg`, messageIn({ eventType: 'tls.verify' }));
    await hookline.api.post(`/app/${appId}/msg`, messageIn({ eventType: 'tls.trust' }));

    expect((await attemptsOf(verifying.id, 1))[0]).toMatchObject({ status: 2, responseStatusCode: 0, response: expect.stringMatching(/CERT|certificate/i) });
    expect((await attemptsOf(trusting.id, 1))[0]).toMatchObject({ status: 0, responseStatusCode: 204 });
    expect(received).toBe(1);
    await new Promise((resolve) => server.close(resolve));
  });

  it('records a timeout as status 0 and keeps at most 20 KB of a response body', async () => {
    const server = createServer((req, res) => {
      if (req.url === '/slow') return; // never answers
      res.statusCode = 500;
      res.end(req.url === '/binary' ? Buffer.from('ok\u0000done') : 'x'.repeat(100 * 1024));
    });
    const port = await listen(server);
    const slow = (await hookline.api.post(`/app/${appId}/endpoint`, endpointIn({ url: `http://127.0.0.1:${port}/slow`, filterTypes: ['http.slow'], timeoutMs: 200, retryPolicy: { maxAttempts: 1 } }))).body;
    const verbose = (await hookline.api.post(`/app/${appId}/endpoint`, endpointIn({ url: `http://127.0.0.1:${port}/verbose`, filterTypes: ['http.verbose'], retryPolicy: { maxAttempts: 1 } }))).body;
    await hookline.api.post(`/app/${appId}/msg`, messageIn({ eventType: 'http.slow' }));
    await hookline.api.post(`/app/${appId}/msg`, messageIn({ eventType: 'http.verbose' }));

    expect((await attemptsOf(slow.id, 1))[0]).toMatchObject({ status: 2, responseStatusCode: 0, response: 'timeout after 200 ms' });
    const [verboseAttempt] = await attemptsOf(verbose.id, 1);
    expect(verboseAttempt).toMatchObject({ status: 2, responseStatusCode: 500 });
    expect(verboseAttempt.response).toHaveLength(20 * 1024);
    expect(verboseAttempt.responseDurationMs).toBeGreaterThanOrEqual(0);

    // A body holding NUL (which PostgreSQL text cannot store), like one that is not UTF-8, is kept as base64.
    const binary = (await hookline.api.post(`/app/${appId}/endpoint`, endpointIn({ url: `http://127.0.0.1:${port}/binary`, filterTypes: ['http.binary'], retryPolicy: { maxAttempts: 1 } }))).body;
    await hookline.api.post(`/app/${appId}/msg`, messageIn({ eventType: 'http.binary' }));
    expect((await attemptsOf(binary.id, 1))[0]).toMatchObject({ responseStatusCode: 500, response: Buffer.from('ok\u0000done').toString('base64') });
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('waits as long as Retry-After says before the retry, longer than the schedule would', async () => {
    const arrivals: number[] = [];
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        arrivals.push(Date.now());
        if (arrivals.length > 1) return void res.writeHead(204).end();
        res.writeHead(503, { 'retry-after': '2' }).end('busy');
      });
    });
    const port = await listen(server);
    // The test schedule retries after 50 ms; the receiver asks for 2 s.
    const endpoint = (await hookline.api.post(`/app/${appId}/endpoint`, endpointIn({ url: `http://127.0.0.1:${port}/`, filterTypes: ['http.retry-after'] }))).body;
    await hookline.api.post(`/app/${appId}/msg`, messageIn({ eventType: 'http.retry-after' }));

    const attempts = await attemptsOf(endpoint.id, 2);
    expect(attempts.map((attempt: any) => [attempt.responseStatusCode, attempt.response])).toEqual([[204, ''], [503, 'busy']]);
    expect(arrivals[1] - arrivals[0]).toBeGreaterThanOrEqual(1900);
    await new Promise((resolve) => server.close(resolve));
  });

  it('sends a request again at once when the receiver closes the kept-alive connection it went out on', async () => {
    // A receiver that answers the first request of each connection, keeps the connection open,
    // and closes it when a second request arrives on it: the idle-timeout race, every time.
    const connections: Socket[] = [];
    const server = createTcpServer((socket) => {
      connections.push(socket);
      let received = '';
      let answered = false;
      socket.on('data', (chunk) => {
        if (answered) return void socket.destroy();
        received += chunk.toString('latin1');
        const headerEnd = received.indexOf('\r\n\r\n');
        const length = Number(/content-length: *(\d+)/i.exec(received)?.[1] ?? 0);
        if (headerEnd < 0 || received.length < headerEnd + 4 + length) return;
        answered = true;
        socket.write('HTTP/1.1 204 No Content\r\nConnection: keep-alive\r\nKeep-Alive: timeout=30\r\n\r\n');
      });
    });
    const port = await listen(server);
    const endpoint = (await hookline.api.post(`/app/${appId}/endpoint`, endpointIn({ url: `http://127.0.0.1:${port}/`, filterTypes: ['http.reuse'], retryPolicy: { maxAttempts: 1 } }))).body;

    await hookline.api.post(`/app/${appId}/msg`, messageIn({ eventType: 'http.reuse' }));
    await attemptsOf(endpoint.id, 1);
    await hookline.api.post(`/app/${appId}/msg`, messageIn({ eventType: 'http.reuse' }));
    const attempts = await attemptsOf(endpoint.id, 2);

    expect(attempts.map((attempt: any) => [attempt.status, attempt.responseStatusCode])).toEqual([[0, 204], [0, 204]]);
    expect(connections).toHaveLength(2);
    connections.forEach((socket) => socket.destroy());
    await new Promise((resolve) => server.close(resolve));
  });
});
