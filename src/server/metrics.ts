import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Prometheus metrics of one API server, in its own registry so several servers (tests, workers)
 * never collide. `action` is only ever a known action name or a fixed placeholder, never raw
 * client input, so a scanner cannot blow up label cardinality.
 */
export interface ApiMetrics {
  registry: Registry;
  observe(action: string, code: string, seconds: number): void;
}

export function createApiMetrics(): ApiMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({
    name: 'trustbridge_api_requests_total',
    help: 'IAM/STS API requests by action and outcome (OK or the AWS error code).',
    labelNames: ['action', 'code'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'trustbridge_api_request_duration_seconds',
    help: 'IAM/STS API request latency by action.',
    labelNames: ['action'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  return {
    registry,
    observe(action, code, seconds) {
      requests.inc({ action, code });
      latency.observe({ action }, seconds);
    },
  };
}
