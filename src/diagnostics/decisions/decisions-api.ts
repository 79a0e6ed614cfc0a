/**
 * The decision log over the admin API: two Trustbridge extension actions in the IAM namespace.
 * AWS has no such actions, so nothing about them is a fidelity question; they follow IAM's
 * conventions (Query protocol, ValidationError on bad input, NoSuchEntity for an unknown id,
 * AccessDenied in AWS's wording) so the same SDK plumbing reaches them.
 *
 *   ListTrustbridgeDecisions  [Denied=true] [RoleArn=ARN] [Since=ISO-8601] [MaxItems=1..1000]
 *     → <Decisions><member><Id/><Time/><Decision/><RoleArn/><Subject/><ErrorCode/><Reason/></member>…</Decisions>
 *   GetTrustbridgeDecision    Id=UUID
 *     → <Decision>…the same members…<Explanation>JSON text of explainDecision()</Explanation></Decision>
 *
 * Admin keys only: decisions hold claims of every caller, more than a role session should see,
 * even one whose policies allow iam:*.
 */
import { AwsError } from '../../aws/error.js';
import type { ActionHandler, CallContext } from '../../aws/service.js';
import type { WireStruct } from '../../aws/shape.js';
import { iamError, MAX_ITEMS, readInputs } from '../../iam/inputs.js';
import { authorizeCall } from '../../policy/index.js';
import type { DecisionRecord } from '../../store/records.js';
import type { DecisionLog } from '../../store/store.js';
import { explainDecision } from '../explain/decision-view.js';
import { listDecisions, summarizeDecision } from './decision-list.js';

export const LIST_DECISIONS_ACTION = 'ListTrustbridgeDecisions';
export const GET_DECISION_ACTION = 'GetTrustbridgeDecision';

type DecisionStore = Pick<DecisionLog, 'listDecisions' | 'getDecision'>;

/** The handlers to register in IAM's action table, keyed by action name. */
export function decisionActionHandlers(store: DecisionStore): ReadonlyMap<string, ActionHandler> {
  return new Map<string, ActionHandler>([
    [LIST_DECISIONS_ACTION, async (params, ctx) => {
      requireAdmin(ctx, LIST_DECISIONS_ACTION);
      const input = readInputs(params, (inputs) => ({
        deniedOnly: inputs.optionalBoolean('Denied'),
        roleArn: inputs.optional('RoleArn', { min: 20, max: 2048 }),
        since: inputs.optional('Since', { min: 1, max: 64 }),
        maxItems: inputs.optionalInteger('MaxItems', MAX_ITEMS.min, MAX_ITEMS.max),
      }));
      const since = input.since === undefined ? undefined : new Date(input.since);
      if (since !== undefined && Number.isNaN(since.getTime())) throw iamError.validation(`Since ${JSON.stringify(input.since)} is not an ISO-8601 time`);
      const records = await listDecisions(store, {
        accountId: ctx.accountId,
        deniedOnly: input.deniedOnly,
        role: input.roleArn,
        since,
        limit: input.maxItems ?? MAX_ITEMS.default,
      });
      return { Decisions: records.map(summaryToWire) };
    }],
    [GET_DECISION_ACTION, async (params, ctx) => {
      requireAdmin(ctx, GET_DECISION_ACTION);
      const { id } = readInputs(params, (inputs) => ({ id: inputs.required('Id', { min: 1, max: 64 }) }));
      const record = await store.getDecision(id);
      // Another account's decision does not exist, as far as this caller can tell.
      if (record === undefined || record.accountId !== ctx.accountId) throw iamError.noSuchEntity(`The decision with id ${id} cannot be found.`);
      return { Decision: { ...summaryToWire(record), Explanation: JSON.stringify(explainDecision(record)) } };
    }],
  ]);
}

/** Who may read the decision log: admin keys only (the console applies the same rule). */
export function requireAdmin(ctx: CallContext, action: string): void {
  if (ctx.caller.kind === 'admin') return;
  // With no identity policies, authorizeCall refuses with AWS's AccessDenied wording for this caller.
  authorizeCall({ caller: ctx.caller, action: `iam:${action}`, resource: '*', identityPolicies: [], sessionPolicies: [] });
  // Fail closed should that ever change.
  throw new AwsError('AccessDenied', `Not authorized to perform iam:${action}`, 403);
}

function summaryToWire(record: DecisionRecord): WireStruct {
  const s = summarizeDecision(record);
  return {
    Id: s.id,
    Time: record.time,
    Decision: s.decision,
    RoleArn: s.roleArn,
    Subject: s.subject ?? undefined,
    ErrorCode: s.errorCode ?? undefined,
    Reason: s.reason,
  };
}
