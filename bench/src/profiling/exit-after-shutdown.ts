/**
 * Preloaded (`node --require`) into a service run under `--cpu-prof`. NestJS handles SIGTERM by
 * closing the app, removing its listener and raising SIGTERM again, which would end the process
 * by signal and lose the profile. This listener ignores the signal while another one is handling
 * it, and exits normally on the repeated one, so V8 writes the profile.
 */
process.on('SIGTERM', () => {
  if (process.listenerCount('SIGTERM') === 1) process.exit(0);
});
