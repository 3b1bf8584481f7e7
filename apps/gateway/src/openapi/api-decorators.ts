import { applyDecorators, Type } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiResponse, ApiSchema } from '@nestjs/swagger';
import { HttpErrorOut, HttpValidationError, ListResponse } from '@hookline/contracts';

/** Svix's answers to a bad call of an authenticated route: `{code, detail}`, or `{detail: [...]}` for 422. */
export function ApiAuthenticated() {
  const error = (status: number, description: string) => ApiResponse({ status, description, type: HttpErrorOut });
  return applyDecorators(
    ApiBearerAuth(),
    error(400, 'Bad request'),
    error(401, 'Missing, invalid or expired token'),
    error(403, 'Not allowed with this token'),
    error(404, 'Not found (also anything of another org or app)'),
    error(409, 'Conflict: the uid or eventId is taken'),
    ApiResponse({ status: 422, description: 'Validation error', type: HttpValidationError }),
  );
}

const listSchemas = new Map<Type, Type>();

/** The schema of a Svix list of `item`s, named as Svix names it (`ListResponse_EndpointOut_`). */
export function listResponseOf<T>(item: Type<T>): Type<ListResponse<T>> {
  const known = listSchemas.get(item);
  if (known) return known;
  @ApiSchema({ name: `ListResponse_${item.name}_` })
  class ListResponseSchema implements ListResponse<T> {
    @ApiProperty({ type: [item] })
    data: T[];
    @ApiProperty({ type: String, nullable: true, description: 'Pass as `iterator` for the next page.' })
    iterator: string | null;
    @ApiProperty({ type: String, nullable: true, description: 'Pass as `iterator` for the previous page.' })
    prevIterator: string | null;
    @ApiProperty()
    done: boolean;
  }
  listSchemas.set(item, ListResponseSchema);
  return ListResponseSchema;
}

/** 200 with a Svix list of `item`s. */
export function ApiList(item: Type): MethodDecorator {
  return ApiOkResponse({ type: listResponseOf(item) });
}
