import { CommonEnv } from './common.env';
import { ConfigError, loadEnv } from './load-env';

describe('loadEnv', () => {
  it('applies defaults and keeps given values', () => {
    const env = loadEnv(CommonEnv, { NATS_URL: 'nats://127.0.0.1:4222' });
    expect(env.NATS_URL).toBe('nats://127.0.0.1:4222');
    expect(env.HOOKLINE_SUBJECT_ROOT).toBe('hookline');
  });

  it('names every bad variable in one error', () => {
    expect(() => loadEnv(CommonEnv, { HOOKLINE_SUBJECT_ROOT: 'a.b', LOG_LEVEL: 'loud' })).toThrow(ConfigError);
    try {
      loadEnv(CommonEnv, { HOOKLINE_SUBJECT_ROOT: 'a.b', LOG_LEVEL: 'loud' });
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain('NATS_URL');
      expect(message).toContain('HOOKLINE_SUBJECT_ROOT="a.b"');
      expect(message).toContain('LOG_LEVEL');
    }
  });
});
