import { Transform } from 'class-transformer';
import { IsBoolean, ValidateBy, ValidationOptions } from 'class-validator';
import { EgressPolicy } from '@hookline/egress';

function IsCidrList(options?: ValidationOptions) {
  return ValidateBy(
    {
      name: 'isCidrList',
      validator: {
        validate: (value: unknown) => {
          try {
            EgressPolicy.parseCidrs(String(value));
            return true;
          } catch {
            return false;
          }
        },
      },
    },
    { message: 'HOOKLINE_EGRESS_ALLOW must be comma-separated CIDRs, e.g. 10.0.0.0/8,::1/128', ...options },
  );
}

/** Egress variables, for the services that check or make outbound requests (registry, dispatcher). */
export class EgressEnv {
  @IsCidrList()
  HOOKLINE_EGRESS_ALLOW = '';

  @Transform(({ value }) => (value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value))
  @IsBoolean({ message: 'HOOKLINE_HTTPS_ONLY must be true or false' })
  HOOKLINE_HTTPS_ONLY = false;
}

export function egressPolicyFrom(env: EgressEnv): EgressPolicy {
  return new EgressPolicy(EgressPolicy.parseCidrs(env.HOOKLINE_EGRESS_ALLOW), env.HOOKLINE_HTTPS_ONLY);
}
