/** The plan as people read it, in terraform's symbols: `+` create, `~` update, `=` unchanged, `-` delete. */
import type { ChangeKind, Plan } from './plan.js';

const SYMBOL: Record<ChangeKind, string> = { create: '+', update: '~', unchanged: '=', delete: '-' };

export interface PlanCounts {
  create: number;
  update: number;
  unchanged: number;
  delete: number;
}

export function countChanges(plan: Plan): PlanCounts {
  const counts: PlanCounts = { create: 0, update: 0, unchanged: 0, delete: 0 };
  for (const change of plan.changes) counts[change.kind] += 1;
  return counts;
}

export function renderPlan(plan: Plan): string {
  const lines: string[] = [];
  for (const change of plan.changes) {
    lines.push(`${SYMBOL[change.kind]} ${change.type} ${change.id}`);
    for (const detail of change.details) lines.push(`    ${detail}`);
  }
  const c = countChanges(plan);
  lines.push('', `Plan: ${c.create} to create, ${c.update} to update, ${c.delete} to delete, ${c.unchanged} unchanged.`);
  return lines.join('\n') + '\n';
}
