/**
 * One load run in a process of its own (so the client never shares an event loop with what it
 * measures): autocannon against one URL with one fixed request (or a list of bodies in turn),
 * after a warm-up. Prints `measuring` when the warm-up ends, then one JSON line: requests/s,
 * latency percentiles, errors (anything but the expected status), the client's own CPU use —
 * above ~90 % of a core the client, not the server, would be the limit — and how many answers
 * closed their connection.
 *
 * The client keeps connections alive, and opens a new one when an answer says
 * `Connection: close`, as an HTTP/1.1 client must (RFC 9112 §9.6) and as boto3 and the AWS SDKs
 * do. autocannon 9 alone writes the next request on the closing connection: against
 * moto_server (Werkzeug's development server, which closes after every answer and, before
 * closing, reads whatever the client sent next until the client hangs up — see the drain loop in
 * werkzeug/serving.py) that request is never answered, so each connection made one call per
 * 10 s timeout and moto measured 4 req/s.
 *
 *   node load-client.js '<LoadSpec JSON>'
 */
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { MEASURING } from './measuring.js';

export interface LoadSpec {
  url: string;
  body: string;
  /**
   * A JSON file holding an array of bodies to send in turn instead of `body`, one per call across
   * all connections, wrapping round at the end (too large to pass on the command line).
   */
  bodiesFile?: string;
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
  /** Answers that closed their connection (`Connection: close`), each followed by a new connection. */
  closedByServer: number;
}

/** What this client uses of autocannon's Client beyond its typed surface (autocannon 9, lib/httpClient.js). */
interface ClientInternals {
  _doRequest(): void;
  _resetConnection(): void;
  /** The 'headers' event carries http-parser-js's header info (its typing says headers). */
  on(event: 'headers', listener: (info: { shouldKeepAlive?: boolean }) => void): void;
}

let closedByServer = 0;

/** Makes `client` open a new connection, instead of writing its next request, after an answer that closes it. */
function reconnectWhenClosed(client: autocannon.Client): void {
  const internals = client as unknown as ClientInternals;
  if (typeof internals._doRequest !== 'function' || typeof internals._resetConnection !== 'function') {
    throw new Error('this autocannon version has no Client._doRequest/_resetConnection: Connection: close cannot be honoured');
  }
  let closing = false;
  // http-parser-js's header info: shouldKeepAlive is false for `Connection: close` (and for HTTP/1.0 without keep-alive).
  internals.on('headers', (info) => {
    closing = info.shouldKeepAlive === false;
  });
  const nextRequest = internals._doRequest.bind(client);
  internals._doRequest = () => {
    if (!closing) return nextRequest();
    closing = false;
    closedByServer++;
    // A fresh connection sends the next request itself once it is opened.
    internals._resetConnection();
  };
}

const spec = JSON.parse(process.argv[2] ?? '{}') as LoadSpec;
const bodies = spec.bodiesFile === undefined ? undefined : (JSON.parse(readFileSync(spec.bodiesFile, 'utf8')) as string[]);
let nextBody = 0;

function load(seconds: number): Promise<autocannon.Result> {
  return autocannon({
    url: spec.url,
    method: 'POST',
    body: spec.body,
    headers: spec.headers,
    connections: spec.connections,
    duration: seconds,
    setupClient: reconnectWhenClosed,
    ...(bodies === undefined ? {} : { requests: [{ method: 'POST', setupRequest: (request: autocannon.Request) => ({ ...request, body: bodies[nextBody++ % bodies.length] }) }] }),
  });
}

await load(spec.warmupSeconds);
// The parent reads the server's CPU time now and at exit (processes.ts cpuMicros): only the measured calls count.
process.stdout.write(`${MEASURING}\n`);
closedByServer = 0;
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
  closedByServer,
};
process.stdout.write(`${JSON.stringify(output)}\n`);
