import { ValueTransformer } from 'typeorm';

/** Postgres bigint arrives as a string; stream sequences fit a JS number. */
export const bigintToNumber: ValueTransformer = {
  to: (value?: number | null) => value,
  from: (value?: string | null) => (value === null || value === undefined ? value : Number(value)),
};
