/**
 * The Node options each service is deployed with: docker-compose.yml and the Helm chart set them
 * as NODE_OPTIONS (a test checks that they agree) and the benchmark starts the services with them.
 *
 * The dispatcher gets a 24 MB young generation instead of V8's 16 MB. The tasks a lane pulls
 * ahead and the requests in flight then mostly die before a second scavenge instead of being
 * promoted: in `npm run bench` (throughput) its full collections fell from about 43 to 8 per run
 * and its CPU per delivery by about 15 %, for 25–35 MB more RSS (still under 200 MB). The router
 * and the attempt log gain less and would pay the same memory.
 */
export const SERVICE_NODE_OPTIONS: Readonly<Record<string, string>> = {
  dispatcher: '--max-semi-space-size=24',
};
