import { ClassConstructor, plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';

/** A configuration problem that must stop start-up; the message names every offending variable. */
export class ConfigError extends Error {}

/**
 * Validates environment variables against an env class (class-validator decorators, defaults as
 * property initialisers) and returns the typed values, or throws a ConfigError naming each bad one.
 */
export function loadEnv<T extends object>(cls: ClassConstructor<T>, env: NodeJS.ProcessEnv): T {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const instance = plainToInstance(cls, present, { exposeDefaultValues: true });
  const errors = validateSync(instance, { whitelist: true, forbidUnknownValues: false });
  if (errors.length > 0) {
    const lines = errors.map((error) => {
      const value = String((present as Record<string, unknown>)[error.property] ?? '(unset)');
      const shown = /KEY|TOKEN|PASSWORD|SECRET/.test(error.property) ? '(hidden)' : JSON.stringify(value);
      return `  ${error.property}=${shown}: ${Object.values(error.constraints ?? {}).join('; ')}`;
    });
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return instance;
}
