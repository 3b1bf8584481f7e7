/**
 * The name of the attempt log's TypeORM data source. Named rather than the default: `npm start`
 * runs the registry's in the same process, and @nestjs/typeorm keeps one set of names per process.
 */
export const ATTEMPT_LOG_DATA_SOURCE = 'attempt-log';
