/**
 * The name of the registry's TypeORM data source. Named rather than the default: `npm start`
 * runs the attempt log's in the same process, and @nestjs/typeorm keeps one set of names per process.
 */
export const REGISTRY_DATA_SOURCE = 'endpoint-registry';
