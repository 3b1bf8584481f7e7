import { ClassConstructor } from 'class-transformer';
import { ValidationArguments, ValidationTypes, getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';

type Check = (object: Record<string, unknown>, value: unknown) => boolean;

interface PropertyRule {
  property: string;
  /** IsOptional / ValidateIf: when one says no, the property is not validated. */
  conditions: Check[];
  checks: Check[];
}

/**
 * Says whether an instance passes its class's class-validator rules (and strips the fields
 * without rules, as `whitelist` does), running the very constraint functions class-validator
 * would, but none of its per-call work: metadata lookup and grouping, error objects for every
 * property. That work was most of the validation cost on the message path, where nearly every
 * object is valid. A `false` is not explained here: the caller asks class-validator for the errors.
 */
export type FlatValidator = (instance: Record<string, unknown>) => boolean;

/**
 * A FlatValidator for `cls`, or undefined when its rules use something this does not mirror
 * exactly (nested objects, groups, async or promise validation…): validate those with class-validator.
 */
export function compileFlatValidator(
  cls: ClassConstructor<object>,
  metadatas: ValidationMetadata[] = getMetadataStorage().getTargetValidationMetadatas(cls, '', true, false),
): FlatValidator | undefined {
  const storage = getMetadataStorage();
  // A class without rules is refused by forbidUnknownValues; class-validator says so.
  if (metadatas.length === 0) return undefined;
  const rules = new Map<string, PropertyRule>();
  for (const metadata of metadatas) {
    if (metadata.always || metadata.groups?.length) return undefined;
    const rule = rules.get(metadata.propertyName) ?? { property: metadata.propertyName, conditions: [], checks: [] };
    rules.set(metadata.propertyName, rule);
    if (metadata.type === ValidationTypes.CONDITIONAL_VALIDATION) {
      rule.conditions.push(metadata.constraints[0] as Check);
    } else if (metadata.type === ValidationTypes.CUSTOM_VALIDATION) {
      const constraints = storage.getTargetValidatorConstraints(metadata.constraintCls);
      if (constraints.some((constraint) => constraint.async)) return undefined;
      rule.checks.push(...constraints.map((constraint) => constraintCheck(cls, metadata, (value, args) => constraint.instance.validate(value, args) === true)));
    } else if (metadata.type !== ValidationTypes.WHITELIST) {
      return undefined;
    }
  }
  const properties = [...rules.values()];
  return (instance) => {
    for (const key of Object.keys(instance)) if (!rules.has(key)) delete instance[key];
    return properties.every(({ property, conditions, checks }) => {
      const value = instance[property];
      if (!conditions.every((condition) => condition(instance, value))) return true;
      return checks.every((check) => check(instance, value));
    });
  };
}

/** One constraint as class-validator applies it, element by element for `each` on an array. */
function constraintCheck(cls: ClassConstructor<object>, metadata: ValidationMetadata, validate: (value: unknown, args: ValidationArguments) => boolean): Check {
  return (object, value) => {
    const args: ValidationArguments = { targetName: cls.name, property: metadata.propertyName, object, value, constraints: metadata.constraints };
    if (metadata.each && Array.isArray(value)) return value.every((element) => validate(element, args));
    return validate(value, args);
  };
}
