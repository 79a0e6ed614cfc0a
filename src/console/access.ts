/**
 * What a console user may see, decided by the API's own authoriser (src/stack/authorizer.ts):
 * a page that shows what an IAM action would return needs that action's permission, evaluated
 * with the same policies, resource and context as a signed call.
 */
import { randomUUID } from 'node:crypto';
import { isAwsError } from '../aws/error.js';
import { QueryParams } from '../aws/query-params.js';
import type { CallContext } from '../aws/service.js';
import { LIST_DECISIONS_ACTION } from '../diagnostics/index.js';
import { requireAdmin } from '../diagnostics/decisions/decisions-api.js';
import type { ConsoleDeps, Viewer } from './deps.js';

export class Access {
  constructor(
    private readonly deps: ConsoleDeps,
    private readonly viewer: Viewer,
    private readonly now: Date,
  ) {}

  private context(): CallContext {
    return { requestId: randomUUID(), caller: this.viewer.caller, accountId: this.deps.accountId, now: this.now, sourceIp: this.viewer.sourceIp, responseHeaders: {} };
  }

  /** True when the API would allow `iam:<action>` with these parameters for this user. */
  async may(action: string, params: Record<string, string> = {}): Promise<boolean> {
    try {
      await this.deps.authorize(this.viewer.caller, this.deps.iam, action, new QueryParams(new Map(Object.entries(params))), this.context());
      return true;
    } catch (err) {
      if (isAwsError(err)) return false;
      throw err;
    }
  }

  /** The decision log: the permission ListTrustbridgeDecisions needs on the admin API. */
  async mayReadDecisions(): Promise<boolean> {
    if (!(await this.may(LIST_DECISIONS_ACTION))) return false;
    try {
      requireAdmin(this.context(), LIST_DECISIONS_ACTION);
      return true;
    } catch (err) {
      if (isAwsError(err)) return false;
      throw err;
    }
  }

  /** Minting tokens with the local issuer lets one assume any role that trusts it: admin keys only. */
  mayMint(): boolean {
    return this.viewer.caller.kind === 'admin';
  }
}
