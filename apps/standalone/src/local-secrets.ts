import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';

/**
 * A value generated on first start and kept in the data directory (mode 0600), for settings a
 * local user should not have to invent: the master key and the admin token.
 */
export function keptSecret(dataDir: string, fileName: string, generate: () => string): { value: string; generated: boolean } {
  const path = join(dataDir, fileName);
  if (existsSync(path)) return { value: readFileSync(path, 'utf8').trim(), generated: false };
  const value = generate();
  writeFileSync(path, value, { mode: 0o600 });
  return { value, generated: true };
}

export const generateMasterKey = () => randomBytes(32).toString('hex');
export const generateAdminToken = () => `hk_admin_${randomBytes(24).toString('base64url')}`;
