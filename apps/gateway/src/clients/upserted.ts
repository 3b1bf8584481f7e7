import { FastifyReply } from 'fastify';
import { Upserted } from '@hookline/contracts';

/** The body of a PUT that may have created what it names: 201 when it did, 200 when it updated. */
export function upserted<T>(reply: FastifyReply, result: Upserted<T>): T {
  void reply.status(result.created ? 201 : 200);
  return result.value;
}
