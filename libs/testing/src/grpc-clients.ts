import { join } from 'node:path';
import { Client, credentials, loadPackageDefinition, Metadata } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';

export type GrpcService = 'Applications' | 'Endpoints' | 'EventTypes' | 'Messages' | 'Attempts';
/** A client of one service: its methods by name, callback style. */
export type GrpcClient = Client & Record<string, (request: object, metadata: Metadata, callback: (error: any, response: any) => void) => void>;

const PROTO_ROOT = join(__dirname, '../../../proto');
const PROTO_FILES = ['applications', 'endpoints', 'event_types', 'messages', 'attempts'];

/** A @grpc/grpc-js client per service, built from proto/hookline/v1 as an outside caller would; close() each when done. */
export function grpcClients(port: string | number): Record<GrpcService, GrpcClient> {
  const definition = loadSync(
    PROTO_FILES.map((name) => join(PROTO_ROOT, `hookline/v1/${name}.proto`)),
    { includeDirs: [PROTO_ROOT], keepCase: false, defaults: false },
  );
  const v1 = (loadPackageDefinition(definition) as any).hookline.v1;
  const services: GrpcService[] = ['Applications', 'Endpoints', 'EventTypes', 'Messages', 'Attempts'];
  return Object.fromEntries(services.map((service) => [service, new v1[service](`127.0.0.1:${port}`, credentials.createInsecure())])) as Record<GrpcService, GrpcClient>;
}
