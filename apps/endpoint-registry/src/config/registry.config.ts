import { DatabaseEnv, EgressEnv, IsMasterKey, NatsConfig, decodeMasterKey, egressPolicyFrom, loadEnv, natsConfigFrom } from '@hookline/config';
import { EgressPolicy } from '@hookline/egress';

class RegistryEnv extends DatabaseEnv {
  @IsMasterKey()
  HOOKLINE_MASTER_KEY: string;
}

export class RegistryConfig {
  nats: NatsConfig;
  databaseUrl: string;
  masterKey: Buffer;
  /** Endpoint URLs must not point at private addresses (checked at creation). */
  egress: EgressPolicy;
  logLevel: string;
}

export function loadRegistryConfig(env: NodeJS.ProcessEnv): RegistryConfig {
  const [values, egress] = loadEnv(env, RegistryEnv, EgressEnv);
  return {
    nats: natsConfigFrom(values),
    databaseUrl: values.DATABASE_URL,
    masterKey: decodeMasterKey(values.HOOKLINE_MASTER_KEY)!,
    egress: egressPolicyFrom(egress),
    logLevel: values.LOG_LEVEL,
  };
}
