import { OpenAPIObject, SchemaObject, getSchemaPath } from '@nestjs/swagger';
import { getMetadataStorage } from 'class-validator';
import * as contracts from '@hookline/contracts';

type Constrain = (schema: SchemaObject, constraints: unknown[]) => void;

/** How each class-validator rule reads in JSON Schema. */
const RULES: Record<string, Constrain> = {
  isLength: (schema, [min, max]) => Object.assign(schema, { minLength: min, ...(max === undefined ? {} : { maxLength: max }) }),
  min: (schema, [min]) => Object.assign(schema, { minimum: min }),
  max: (schema, [max]) => Object.assign(schema, { maximum: max }),
  matches: (schema, [pattern]) => Object.assign(schema, { pattern: (pattern as RegExp).source }),
  arrayMinSize: (schema, [min]) => Object.assign(schema, { minItems: min }),
  arrayMaxSize: (schema, [max]) => Object.assign(schema, { maxItems: max }),
  arrayUnique: (schema) => Object.assign(schema, { uniqueItems: true }),
  isIn: (schema, [values]) => Object.assign(schema, { enum: values }),
  isUrl: (schema) => Object.assign(schema, { format: 'uri' }),
  isIso8601: (schema) => Object.assign(schema, { format: 'date-time' }),
};

type ValidationRule = ReturnType<ReturnType<typeof getMetadataStorage>['getTargetValidationMetadatas']>[number];

function apply(schema: SchemaObject, rule: ValidationRule): void {
  const constrain = rule.name ? RULES[rule.name] : undefined;
  if (constrain) constrain(rule.each && schema.items ? (schema.items as SchemaObject) : schema, rule.constraints);
}

const dtos = () => Object.values(contracts).filter((dto): dto is Function => typeof dto === 'function');
const rulesOf = (dto: Function) => getMetadataStorage().getTargetValidationMetadatas(dto, '', false, false);

/**
 * Copies the limits of the contract DTOs' class-validator rules (lengths, ranges, patterns, item
 * counts) into the document, so it states exactly what the API accepts and each limit is written
 * once.
 */
export function constrainFromValidators(document: OpenAPIObject): void {
  const schemas = document.components?.schemas ?? {};
  for (const dto of dtos()) {
    const schema = schemas[getSchemaPath(dto).split('/').pop()!] as SchemaObject | undefined;
    for (const rule of schema?.properties ? rulesOf(dto) : []) {
      const property = schema!.properties![rule.propertyName] as SchemaObject | undefined;
      if (property && !('$ref' in property)) apply(property, rule);
    }
  }
  // Query parameters are exploded from the `*Query` DTOs; a name means the same in all of them.
  const queryRules = dtos().filter((dto) => dto.name.endsWith('Query')).flatMap(rulesOf);
  for (const item of Object.values(document.paths)) {
    for (const operation of [item.get, item.post, item.put, item.patch, item.delete]) {
      for (const parameter of operation?.parameters ?? []) {
        if (!('in' in parameter) || parameter.in !== 'query' || !parameter.schema || '$ref' in parameter.schema) continue;
        for (const rule of queryRules.filter((r) => r.propertyName === parameter.name)) apply(parameter.schema, rule);
      }
    }
  }
}
