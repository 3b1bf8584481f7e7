import SwaggerParser from '@apidevtools/swagger-parser';
import { METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RequestMethod, Type } from '@nestjs/common';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import pino from 'pino';
import { TestHookline, startTestHookline } from '@hookline/testing';
import { GatewayConfig } from '../apps/gateway/src/config/gateway.config';
import { GatewayModule } from '../apps/gateway/src/gateway.module';
import { OPENAPI_FILE } from '../apps/gateway/src/openapi/openapi-document';

const checkedIn = JSON.parse(readFileSync(join(__dirname, '..', OPENAPI_FILE), 'utf8'));

/** Every REST route the gateway's controllers declare, as `{method, path, hasBody}` in OpenAPI's path syntax. */
function declaredRoutes() {
  const controllers = GatewayModule.forRoot({} as GatewayConfig, pino({ enabled: false })).controllers as Type[];
  return controllers.flatMap((controller) => {
    const base = Reflect.getMetadata(PATH_METADATA, controller) as string;
    return Object.getOwnPropertyNames(controller.prototype).flatMap((name) => {
      const handler = controller.prototype[name];
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      const route = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
      if (method === undefined || route === undefined) return [];
      const path = `/${[base, route].filter((part) => part && part !== '/').join('/')}`.replace(/:(\w+)/g, '{$1}');
      const args = Object.keys(Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, name) ?? {});
      return [{ method: RequestMethod[method].toLowerCase(), path, hasBody: args.some((key) => key.startsWith(`${RouteParamtypes.BODY}:`)) }];
    });
  });
}

function collectRefs(value: unknown, refs: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((item) => collectRefs(item, refs));
  else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (key === '$ref' && typeof inner === 'string') refs.push(inner);
      else collectRefs(inner, refs);
    }
  }
  return refs;
}

describe('OpenAPI document', () => {
  let hookline: TestHookline;

  beforeAll(async () => {
    hookline = await startTestHookline();
  });

  afterAll(() => hookline?.stop());

  it('is served without a token and equals the checked-in file', async () => {
    const response = await fetch(`${hookline.url}/api/v1/openapi.json`);
    expect(response.status).toBe(200);
    // Parsed here, not by fetch, so both objects come from this realm (isDeepStrictEqual compares prototypes).
    const served = JSON.parse(await response.text());
    if (!isDeepStrictEqual(served, checkedIn)) {
      throw new Error(`${OPENAPI_FILE} is out of date with the gateway's controllers and DTOs: run \`npm run openapi\` and commit the result`);
    }
  });

  it('is valid OpenAPI 3 and every $ref resolves', async () => {
    expect(checkedIn.openapi).toMatch(/^3\./);
    await SwaggerParser.validate(structuredClone(checkedIn));
    for (const ref of collectRefs(checkedIn)) {
      const target = ref.replace(/^#\//, '').split('/').reduce<any>((node, key) => node?.[key], checkedIn);
      expect({ ref, resolves: target !== undefined }).toEqual({ ref, resolves: true });
    }
  });

  it('documents every /api/v1 route with its parameters, body, responses and security', () => {
    const routes = declaredRoutes().filter((route) => route.path.startsWith('/api/v1/'));
    expect(routes.length).toBeGreaterThan(40);
    for (const { method, path, hasBody } of routes) {
      const operation = checkedIn.paths[path]?.[method];
      expect({ method, path, documented: Boolean(operation) }).toEqual({ method, path, documented: true });
      const statuses = Object.keys(operation.responses);
      const success = statuses.filter((status) => status.startsWith('2'));
      expect({ path, method, success: success.length > 0 }).toEqual({ path, method, success: true });
      for (const status of success.filter((s) => s !== '204')) {
        expect({ path, method, status, schema: Boolean(operation.responses[status].content) }).toEqual({ path, method, status, schema: true });
      }
      for (const name of path.match(/\{\w+\}/g) ?? []) {
        expect(operation.parameters.some((p: any) => p.in === 'path' && `{${p.name}}` === name)).toBe(true);
      }
      expect({ path, method, requestBody: Boolean(operation.requestBody) }).toEqual({ path, method, requestBody: hasBody });
      if (path !== '/api/v1/health') {
        expect(operation.security).toEqual([{ bearer: [] }]);
        expect(operation.responses['401'].content['application/json'].schema.$ref).toBe('#/components/schemas/HttpErrorOut');
        expect(operation.responses['422'].content['application/json'].schema.$ref).toBe('#/components/schemas/HTTPValidationError');
      }
    }
  });

  it('uses the Svix status codes, schema names and query parameters', () => {
    const { paths, components } = checkedIn;
    const responseRef = (path: string, method: string, status: string) => paths[path][method].responses[status].content?.['application/json'].schema.$ref;
    expect(responseRef('/api/v1/app/{app}/endpoint', 'post', '201')).toBe('#/components/schemas/EndpointOut');
    expect(responseRef('/api/v1/app/{app}/endpoint', 'get', '200')).toBe('#/components/schemas/ListResponse_EndpointOut_');
    expect(responseRef('/api/v1/app/{app}/attempt/endpoint/{endpoint}', 'get', '200')).toBe('#/components/schemas/ListResponse_MessageAttemptOut_');
    expect(Object.keys(paths['/api/v1/app/{app}'].delete.responses)).toContain('204');
    expect(Object.keys(paths['/api/v1/app/{app}/msg/{msg}/endpoint/{endpoint}/resend'].post.responses)).toContain('202');
    expect(Object.keys(paths['/api/v1/app/{app}/endpoint/{endpoint}/recover'].post.responses)).toContain('202');
    const queryOf = (path: string, method: string) => paths[path][method].parameters.filter((p: any) => p.in === 'query').map((p: any) => p.name);
    expect(queryOf('/api/v1/app/{app}/msg', 'get')).toEqual(expect.arrayContaining(['limit', 'iterator', 'before', 'after', 'channel', 'event_types', 'with_content']));
    expect(queryOf('/api/v1/app/{app}/attempt/msg/{msg}', 'get')).toEqual(expect.arrayContaining(['limit', 'iterator', 'status', 'before', 'after']));
    expect(queryOf('/api/v1/app', 'post')).toEqual(['get_if_exists']);
    expect(queryOf('/api/v1/event-type/{name}', 'delete')).toEqual(['expunge']);
    expect(components.schemas.ListResponse_ApplicationOut_.required).toEqual(expect.arrayContaining(['data', 'iterator', 'prevIterator', 'done']));
    expect(components.schemas.ValidationError.required).toEqual(['loc', 'msg', 'type']);
    expect(components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    const extensions = ['retryPolicy', 'timeoutMs', 'followRedirects', 'tlsVerify', 'rateLimit', 'maxConcurrency', 'ordering', 'payloadMode'];
    for (const schema of ['EndpointIn', 'EndpointUpdate', 'EndpointPatch', 'EndpointOut']) {
      expect(Object.keys(components.schemas[schema].properties)).toEqual(expect.arrayContaining(extensions));
    }
  });

  it('serves the API page at /docs from its own assets, without a token', async () => {
    const page = await fetch(`${hookline.url}/docs`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('swagger-ui-bundle.js');
    expect(html).not.toMatch(/(src|href)=["']https?:/);
    for (const asset of ['swagger-ui-bundle.js', 'swagger-ui.css', 'swagger-ui-init.js']) {
      const response = await fetch(`${hookline.url}/docs/${asset}`);
      expect({ asset, status: response.status }).toEqual({ asset, status: 200 });
      await response.arrayBuffer();
    }
  });
});
