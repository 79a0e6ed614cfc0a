/**
 * Where `decisions` and `explain --decision` read the decision log from: a stack's store
 * (--dir/--store) or a remote node's admin API (--endpoint, the IAM extension actions
 * ListTrustbridgeDecisions / GetTrustbridgeDecision). Both give the same summaries and the same
 * explanation, so one renderer and one --json shape serve both.
 */
import { QueryCallError, type QueryClient, type XmlElement } from '../../aws/query-client.js';
import { readDecisionSettled, settleDecisions } from '../../store/decision-window.js';
import type { DecisionLog } from '../../store/store.js';
import { listDecisions, summarizeDecision, type DecisionFilter, type DecisionSummary } from '../decisions/decision-list.js';
import { GET_DECISION_ACTION, LIST_DECISIONS_ACTION } from '../decisions/decisions-api.js';
import { explainDecision, type DecisionExplanation } from '../explain/decision-view.js';
import { openStackStore, UsageError } from '../cli-support.js';
import { connectTarget, type StackTarget } from './remote-connection.js';

export interface DecisionSource {
  /** Names the log in messages ("the log of …"). */
  readonly where: string;
  list(filter: DecisionFilter): Promise<DecisionSummary[]>;
  get(id: string): Promise<DecisionExplanation | undefined>;
  close(): Promise<void>;
}

export async function openDecisionSource(target: StackTarget): Promise<DecisionSource> {
  if (target.endpoint === undefined) return storeDecisionSource(await openStackStore(target.dir, target.store), target.store ?? target.dir);
  return remoteDecisionSource(connectTarget({ ...target, endpoint: target.endpoint }).client, target.endpoint);
}

export function storeDecisionSource(store: DecisionLog & { close(): Promise<void> }, where: string): DecisionSource {
  return {
    where,
    // A server's writer commits decisions once per window: wait for it rather than miss one.
    async list(filter) {
      await settleDecisions();
      return (await listDecisions(store, filter)).map(summarizeDecision);
    },
    async get(id) {
      const record = await readDecisionSettled(() => store.getDecision(id));
      return record === undefined ? undefined : explainDecision(record);
    },
    close: () => store.close(),
  };
}

/** The admin API's MaxItems bound (IAM's); the extension action has no pagination. */
export const REMOTE_DECISION_LIMIT = 1000;

export function remoteDecisionSource(client: QueryClient, endpoint: string): DecisionSource {
  return {
    where: endpoint,
    async list(filter) {
      const limit = filter.limit ?? REMOTE_DECISION_LIMIT;
      if (limit > REMOTE_DECISION_LIMIT) throw new UsageError(`--limit above ${REMOTE_DECISION_LIMIT} needs --dir: the admin API returns at most ${REMOTE_DECISION_LIMIT}`);
      const result = await client.call('iam', LIST_DECISIONS_ACTION, {
        Denied: filter.deniedOnly === true ? true : undefined,
        RoleArn: filter.role === undefined ? undefined : await roleArnOf(client, filter.role),
        Since: filter.since?.toISOString(),
        MaxItems: limit,
      });
      return result.members('Decisions').map(summaryFromWire);
    },
    async get(id) {
      let decision: XmlElement | undefined;
      try {
        decision = (await client.call('iam', GET_DECISION_ACTION, { Id: id })).child('Decision');
      } catch (err) {
        if (err instanceof QueryCallError && err.code === 'NoSuchEntity') return undefined;
        throw err;
      }
      const explanation = decision?.text('Explanation');
      // The server writes explainDecision()'s output as JSON text, so the shape is ours.
      return explanation === undefined ? undefined : (JSON.parse(explanation) as DecisionExplanation);
    },
    close: async () => undefined,
  };
}

/**
 * The store matches a bare role name against every logged ARN; the API filters by ARN only, so
 * a name is resolved to the role's ARN first (names are case-insensitive in IAM, as GetRole is).
 */
async function roleArnOf(client: QueryClient, role: string): Promise<string> {
  if (role.startsWith('arn:')) return role;
  try {
    return (await client.call('iam', 'GetRole', { RoleName: role })).child('Role')?.text('Arn') ?? role;
  } catch (err) {
    if (err instanceof QueryCallError && err.code === 'NoSuchEntity') throw new UsageError(`no role named ${role}; pass the role's ARN to list the decisions of a deleted role`);
    throw err;
  }
}

function summaryFromWire(member: XmlElement): DecisionSummary {
  return {
    id: member.text('Id') ?? '',
    // The wire drops fractional seconds (as AWS does); the string form matches the store's.
    time: new Date(member.text('Time') ?? 0).toISOString(),
    decision: member.text('Decision') === 'allowed' ? 'allowed' : 'denied',
    roleArn: member.text('RoleArn') ?? '',
    subject: member.text('Subject') ?? null,
    errorCode: member.text('ErrorCode') ?? null,
    reason: member.text('Reason') ?? '',
  };
}
