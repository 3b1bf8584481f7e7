import { ApiPropertyOptions } from '@nestjs/swagger';

/** OpenAPI shapes that TypeScript's emitted metadata cannot express, shared by the DTOs. */
export const STRING_MAP: ApiPropertyOptions = { type: 'object', additionalProperties: { type: 'string' } };
export const JSON_OBJECT: ApiPropertyOptions = { type: 'object', additionalProperties: true };
export const DATE_TIME: ApiPropertyOptions = { type: String, format: 'date-time' };
export const NAMES: ApiPropertyOptions = { type: [String], nullable: true };
