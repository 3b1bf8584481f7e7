import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { version } from '../../../../package.json';
import { ISSUES_CREDENTIALS } from '../idempotency/idempotency.hooks';
import { constrainFromValidators } from './validator-constraints';

export const OPENAPI_JSON_PATH = 'api/v1/openapi.json';
/** The checked-in document, relative to the repository root; a test fails when it drifts from the code. */
export const OPENAPI_FILE = 'apps/gateway/openapi.json';

const PATH_PARAMETERS: Record<string, string> = {
  app: "The application's id or uid.",
  endpoint: "The endpoint's id or uid.",
  msg: "The message's id or eventId.",
  attempt: "The attempt's id.",
  name: "The event type's name.",
  id: "The API key's id.",
  task: "The background task's id.",
};

/** The OpenAPI 3 document of the REST API, from the gateway's controllers and the contract DTOs. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Hookline API')
    .setDescription(
      'Webhook delivery, compatible with the Svix v1 API: point a Svix SDK at this server. ' +
        'Endpoints take Hookline extensions (retryPolicy, timeoutMs, followRedirects, tlsVerify, maxConcurrency, ordering, payloadMode). ' +
        'A POST with an `idempotency-key` header replays its first 2xx response for 12 hours (one over 256 KB is not kept: its replays answer 409).',
    )
    .setVersion(version)
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'API key', description: 'An API key, the admin token, or an app-portal token.' })
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    operationIdFactory: (controller, method) => `v1.${controller.replace(/Controller$/, '').replace(/[A-Z]/g, (c, i) => (i ? '-' : '') + c.toLowerCase())}.${method}`,
  });
  describePathParameters(document);
  documentIdempotencyKey(document);
  constrainFromValidators(document);
  return document;
}

function operations(document: OpenAPIObject) {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    (['get', 'put', 'post', 'patch', 'delete'] as const).flatMap((method) => (item[method] ? [{ path, method, operation: item[method] }] : [])),
  );
}

function describePathParameters(document: OpenAPIObject): void {
  for (const { operation } of operations(document)) {
    for (const parameter of operation.parameters ?? []) {
      if ('in' in parameter && parameter.in === 'path' && PATH_PARAMETERS[parameter.name]) parameter.description = PATH_PARAMETERS[parameter.name];
    }
  }
}

function documentIdempotencyKey(document: OpenAPIObject): void {
  for (const { path, method, operation } of operations(document)) {
    if (method !== 'post' || ISSUES_CREDENTIALS.test(path)) continue;
    (operation.parameters ??= []).push({
      name: 'idempotency-key',
      in: 'header',
      required: false,
      description: 'The first 2xx response to a key is replayed for 12 hours; one over 256 KB is not kept, and its replays answer 409.',
      schema: { type: 'string' },
    });
  }
}

/** `GET /api/v1/openapi.json` and Swagger UI at `/docs` (assets from swagger-ui-dist, no CDN); neither needs a token. */
export function serveOpenApi(app: INestApplication): void {
  SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: OPENAPI_JSON_PATH,
    raw: ['json'],
    customSiteTitle: 'Hookline API',
    customCss: '.swagger-ui .topbar { display: none }',
    swaggerOptions: { validatorUrl: null },
  });
}
