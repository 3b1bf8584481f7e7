import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { GrpcOptions, Transport } from '@nestjs/microservices';
import { MessageTypeDefinition, PackageDefinition, loadSync } from '@grpc/proto-loader';

const PROTO_FILES = ['applications', 'endpoints', 'event_types', 'messages', 'attempts'].map((name) => `hookline/v1/${name}.proto`);

/** The repository's `proto/` directory, found upwards from here (source tree, dist/ or an image). */
function protoRoot(from = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'proto/hookline/v1/common.proto'))) return join(dir, 'proto');
    if (dirname(dir) === dir) throw new Error('proto/hookline/v1 not found above ' + from);
  }
}

/** The gateway's gRPC server: the `hookline.v1` services of proto/hookline/v1 on `port`. */
export function grpcOptions(port: number): GrpcOptions {
  const root = protoRoot();
  return {
    transport: Transport.GRPC,
    options: {
      package: 'hookline.v1',
      protoPath: PROTO_FILES.map((file) => join(root, file)),
      url: `0.0.0.0:${port}`,
      loader: { includeDirs: [root], keepCase: false, longs: Number, enums: String, defaults: false },
    },
  };
}

let definitions: PackageDefinition | undefined;

/** The field names (as the .proto writes them) of a `hookline.v1` message type. */
export function protoFieldNames(messageType: string): Set<string> {
  const root = protoRoot();
  definitions ??= loadSync(PROTO_FILES.map((file) => join(root, file)), { includeDirs: [root], keepCase: true });
  const definition = definitions[`hookline.v1.${messageType}`] as MessageTypeDefinition<unknown, unknown> | undefined;
  if (!definition) throw new Error(`no message hookline.v1.${messageType} in proto/`);
  return new Set((definition.type as { field: { name: string }[] }).field.map((field) => field.name));
}
