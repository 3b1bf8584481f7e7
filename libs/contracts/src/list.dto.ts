import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { Type } from 'class-transformer';

/** `?limit=&iterator=` of every Svix list. */
export class ListQuery {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(250)
  limit?: number;

  @IsOptional()
  @IsString()
  iterator?: string | null;
}

export const DEFAULT_LIST_LIMIT = 50;

export interface ListResponse<T> {
  data: T[];
  iterator: string | null;
  prevIterator: string | null;
  done: boolean;
}
