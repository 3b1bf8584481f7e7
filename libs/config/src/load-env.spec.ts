import { CommonEnv } from './common.env';
import { EgressEnv } from './egress.env';
import { ConfigError, loadEnv } from './load-env';

describe('loadEnv', () => {
  it('applies defaults and keeps given values', () => {
    const [env] = loadEnv({ NATS_URL: 'nats://127.0.0.1:4222' }, CommonEnv);
    expect(env.NATS_URL).toBe('nats://127.0.0.1:4222');
    expect(env.HOOKLINE_SUBJECT_ROOT).toBe('hookline');
  });

  it('names every bad variable in one error', () => {
    expect(() => loadEnv({ HOOKLINE_SUBJECT_ROOT: 'a.b', LOG_LEVEL: 'loud' }, CommonEnv)).toThrow(ConfigError);
    try {
      loadEnv({ HOOKLINE_SUBJECT_ROOT: 'a.b', LOG_LEVEL: 'loud' }, CommonEnv);
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain('NATS_URL');
      expect(message).toContain('HOOKLINE_SUBJECT_ROOT="a.b"');
      expect(message).toContain('LOG_LEVEL');
    }
  });

  it('collects the problems of several env classes in one error', () => {
    expect(() => loadEnv({ NATS_URL: 'nats://x', HOOKLINE_EGRESS_ALLOW: '10.0.0.0/8,nope', HOOKLINE_HTTPS_ONLY: 'maybe' }, CommonEnv, EgressEnv)).toThrow(
      /HOOKLINE_EGRESS_ALLOW[\s\S]*HOOKLINE_HTTPS_ONLY/,
    );
    const [, egress] = loadEnv({ NATS_URL: 'nats://x', HOOKLINE_HTTPS_ONLY: 'true' }, CommonEnv, EgressEnv);
    expect(egress.HOOKLINE_HTTPS_ONLY).toBe(true);
  });
});
