/**
 * One load run in a process of its own (so the client never shares an event loop with what it
 * measures): autocannon against one URL with one fixed request, after a warm-up. Prints one JSON
 * line: requests/s, latency percentiles, errors (anything but the expected status), and the
 * client's own CPU use — above ~90 % of a core the client, not the server, would be the limit.
 *
 *   node load-client.js '<LoadSpec JSON>'
 */
import autocannon from 'autocannon';

export interface LoadSpec {
  url: string;
  body: string;
  headers: Record<string, string>;
  expectStatus: number;
  connections: number;
  warmupSeconds: number;
  seconds: number;
}

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  total: number;
  clientCpuPercent: number;
}

const spec = JSON.parse(process.argv[2] ?? '{}') as LoadSpec;

function load(seconds: number): Promise<autocannon.Result> {
  return autocannon({ url: spec.url, method: 'POST', body: spec.body, headers: spec.headers, connections: spec.connections, duration: seconds });
}

await load(spec.warmupSeconds);
const cpu = process.cpuUsage();
const started = process.hrtime.bigint();
const result = await load(spec.seconds);
const wallMicros = Number(process.hrtime.bigint() - started) / 1_000;
const used = process.cpuUsage(cpu);
const statusCounts = (result as unknown as { statusCodeStats?: Record<string, { count: number }> }).statusCodeStats ?? {};
const expected = statusCounts[String(spec.expectStatus)]?.count ?? 0;
const total = result.requests.total;
const output: LoadResult = {
  requestsPerSecond: total / (wallMicros / 1e6),
  p50Ms: result.latency.p50,
  p99Ms: result.latency.p99,
  errors: result.errors + result.timeouts + Math.max(0, total - expected),
  total,
  clientCpuPercent: (100 * (used.user + used.system)) / wallMicros,
};
process.stdout.write(`${JSON.stringify(output)}\n`);
