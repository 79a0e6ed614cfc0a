/**
 * Runs a plan's IAM calls in order: providers and policies exist before the roles that trust or
 * attach them, and deletions come last. The first AWS error stops the run; what was done stays
 * done, and running apply again picks up from there, since the plan is recomputed from IAM.
 */
import type { QueryClient } from '../aws/query-client.js';
import type { Plan, ResourceChange } from './plan.js';

export async function executePlan(client: QueryClient, plan: Plan, onDone: (change: ResourceChange) => void = () => undefined): Promise<void> {
  for (const change of plan.changes) {
    if (change.steps.length === 0) continue;
    for (const step of change.steps) await client.call('iam', step.action, step.input);
    onDone(change);
  }
}
