import { ClassConstructor, plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';

/** A configuration problem that must stop start-up; the message names every offending variable. */
export class ConfigError extends Error {}

function validateEnv<T extends object>(cls: ClassConstructor<T>, present: Record<string, string>): { values: T; problems: string[] } {
  const values = plainToInstance(cls, present, { exposeDefaultValues: true });
  const problems = validateSync(values, { whitelist: true, forbidUnknownValues: false }).map((error) => {
    const value = present[error.property] ?? '(unset)';
    const shown = /KEY|TOKEN|PASSWORD|SECRET/.test(error.property) ? '(hidden)' : JSON.stringify(value);
    return `  ${error.property}=${shown}: ${Object.values(error.constraints ?? {}).join('; ')}`;
  });
  return { values, problems };
}

/**
 * Validates environment variables against env classes (class-validator decorators, defaults as
 * property initialisers) and returns the typed values of each, or throws one ConfigError that
 * names every bad variable.
 */
export function loadEnv<T extends object[]>(env: NodeJS.ProcessEnv, ...classes: { [K in keyof T]: ClassConstructor<T[K]> }): T {
  const present = Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => !!entry[1]));
  const results = classes.map((cls) => validateEnv(cls, present));
  const problems = [...new Set(results.flatMap((result) => result.problems))];
  if (problems.length > 0) throw new ConfigError(`Invalid configuration:\n${problems.join('\n')}`);
  return results.map((result) => result.values) as T;
}
