import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { GatewayConfig } from '../config/gateway.config';
import { GatewayModule } from '../gateway.module';
import { OPENAPI_FILE, buildOpenApiDocument } from './openapi-document';

/** `npm run openapi`: regenerates the checked-in OpenAPI document. Needs no NATS or PostgreSQL: nothing is instantiated. */
async function main(): Promise<void> {
  const module = GatewayModule.forRoot({} as GatewayConfig, pino({ enabled: false }));
  const app = await NestFactory.create(module, new FastifyAdapter(), { preview: true, logger: false });
  const file = join(process.cwd(), OPENAPI_FILE);
  writeFileSync(file, `${JSON.stringify(buildOpenApiDocument(app), null, 2)}\n`);
  await app.close();
  console.log(`wrote ${file}`);
}

void main();
