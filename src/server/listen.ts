import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';

export interface ListenOptions {
  /** Loopback by default: exposing the API is an explicit choice. */
  host?: string;
  /** 0 picks a free port. */
  port: number;
}

export interface Listening {
  url: string;
  port: number;
}

export async function listen(server: FastifyInstance, options: ListenOptions): Promise<Listening> {
  const host = options.host ?? '127.0.0.1';
  await server.listen({ host, port: options.port });
  const address = server.server.address() as AddressInfo;
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return { url: `http://${urlHost}:${address.port}`, port: address.port };
}

/**
 * Stops accepting connections and waits for in-flight requests; after `graceMs`, the remaining
 * connections are cut so shutdown is bounded.
 */
export async function closeGracefully(server: FastifyInstance, graceMs = 10_000): Promise<void> {
  const timer = setTimeout(() => server.server.closeAllConnections(), graceMs);
  timer.unref();
  try {
    await server.close();
  } finally {
    clearTimeout(timer);
  }
}
