/**
 * The decision writer's health on /metrics: records dropped because the queue was full or their
 * batch failed, records written, and the current queue length. Read at scrape time, so the hot
 * path pays nothing for them.
 */
import { Counter, Gauge, type Registry } from 'prom-client';
import type { DecisionWriter } from './decision-writer.js';

export function registerDecisionLogMetrics(registry: Registry, writer: DecisionWriter): void {
  new Counter({
    name: 'trustbridge_decision_records_dropped_total',
    help: 'Decision records not kept: queue_full (the writer was behind) or write_failed (the store refused a batch).',
    labelNames: ['reason'] as const,
    registers: [registry],
    collect() {
      const { dropped, failed } = writer.stats();
      this.reset();
      this.inc({ reason: 'queue_full' }, dropped);
      this.inc({ reason: 'write_failed' }, failed);
    },
  });
  new Counter({
    name: 'trustbridge_decision_records_written_total',
    help: 'Decision records committed to the store.',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(writer.stats().written);
    },
  });
  new Gauge({
    name: 'trustbridge_decision_records_queued',
    help: 'Decision records waiting for the next group commit.',
    registers: [registry],
    collect() {
      this.set(writer.stats().queued);
    },
  });
}
