/**
 * The Node options each service is deployed with: docker-compose.yml and the Helm chart set them
 * as NODE_OPTIONS (a test checks that they agree) and the benchmark starts the services with them.
 *
 * The dispatcher and the attempt log get a 24 MB young generation instead of V8's 16 MB, so that
 * what they hold for a while (the tasks a lane pulls ahead and the requests in flight; the
 * batches waiting for their insert) mostly dies before a second scavenge instead of being
 * promoted. In `npm run bench` (throughput): the dispatcher's full collections fell from about 43
 * to 8 per run and its CPU per delivery by about 15 %, for 25–35 MB more RSS; the attempt log's
 * CPU per delivery from 91–95 to 80–82 µs, with its batches capped at 500 entries to stay near
 * 180 MB (both under the 200 MB target). The router gains less once its batches are small.
 */
export const SERVICE_NODE_OPTIONS: Readonly<Record<string, string>> = {
  dispatcher: '--max-semi-space-size=24',
  'attempt-log': '--max-semi-space-size=24',
};
