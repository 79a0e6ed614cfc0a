/**
 * The line the load client (load-client.ts) prints when its warm-up ends and the measured run
 * starts, so the benchmark reads the server's CPU time at that moment. A module of its own: the
 * client runs its load when imported.
 */
export const MEASURING = 'measuring';
