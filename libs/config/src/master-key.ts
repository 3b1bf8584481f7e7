import { ValidateBy, ValidationOptions } from 'class-validator';

/** Decodes `HOOKLINE_MASTER_KEY`: 32 bytes as 64 hex characters or as base64. */
export function decodeMasterKey(value: string): Buffer | undefined {
  if (/^[0-9a-fA-F]{64}$/.test(value)) return Buffer.from(value, 'hex');
  const bytes = Buffer.from(value, 'base64');
  return bytes.length === 32 ? bytes : undefined;
}

export function IsMasterKey(options?: ValidationOptions) {
  return ValidateBy(
    {
      name: 'isMasterKey',
      validator: { validate: (value: unknown) => typeof value === 'string' && decodeMasterKey(value) !== undefined },
    },
    { message: 'HOOKLINE_MASTER_KEY must be 32 bytes, as 64 hex characters or base64', ...options },
  );
}
