import { QueryFailedError } from 'typeorm';
import { createLogger } from './logger';

/** What an info-level logger writes for `log`. */
function logged(log: (logger: ReturnType<typeof createLogger>) => void): string {
  const lines: string[] = [];
  log(createLogger('test', 'info', { write: (line: string) => lines.push(line) }));
  return lines.join('');
}

describe('createLogger', () => {
  it("keeps a failed query's bound values (payloads, responses) out of the log, and its message in", () => {
    const error = new QueryFailedError('INSERT INTO messages SELECT * FROM jsonb_to_recordset($1)', ['[{"payload":{"card":"4242 4242"}}]'], new Error('deadlock detected'));
    const line = logged((logger) => logger.error({ err: error }, 'handler failed; redelivering'));
    expect(line).not.toContain('4242');
    expect(JSON.parse(line).err).toMatchObject({ message: 'deadlock detected', parameters: '[redacted]' });
  });

  it('redacts secrets, keys, tokens and custom headers', () => {
    const line = logged((logger) =>
      logger.warn({ secret: 'whsec_s1', endpoint: { key: 'k2', headers: { 'x-api-key': 'h3' } }, req: { headers: { authorization: 'Bearer t4' } }, token: 't5' }, 'x'),
    );
    for (const value of ['whsec_s1', 'k2', 'h3', 'Bearer t4', 't5']) expect(line).not.toContain(value);
  });
});
