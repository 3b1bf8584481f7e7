import { DatabaseEnv, IsMasterKey, NatsConfig, decodeMasterKey, loadEnv, natsConfigFrom } from '@hookline/config';

class RegistryEnv extends DatabaseEnv {
  @IsMasterKey()
  HOOKLINE_MASTER_KEY: string;
}

export class RegistryConfig {
  nats: NatsConfig;
  databaseUrl: string;
  masterKey: Buffer;
  logLevel: string;
}

export function loadRegistryConfig(env: NodeJS.ProcessEnv): RegistryConfig {
  const values = loadEnv(RegistryEnv, env);
  return {
    nats: natsConfigFrom(values),
    databaseUrl: values.DATABASE_URL,
    masterKey: decodeMasterKey(values.HOOKLINE_MASTER_KEY)!,
    logLevel: values.LOG_LEVEL,
  };
}
