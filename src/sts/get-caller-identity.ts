/**
 * sts:GetCallerIdentity: who signed the call. No permission is needed and an explicit Deny has no
 * effect (https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html), so this
 * only reads the Caller that SigV4 established. Members in the documented order: Arn, UserId,
 * Account.
 */
import { AwsError } from '../aws/error.js';
import type { ActionHandler } from '../aws/service.js';

export const getCallerIdentity: ActionHandler = async (_params, ctx) => {
  const caller = ctx.caller;
  // The server rejects unsigned calls to signed actions first; this is the same answer, kept so
  // that a wiring mistake cannot turn into an identity.
  if (caller.kind === 'anonymous') throw new AwsError('MissingAuthenticationToken', 'Request is missing Authentication Token', 403);
  return { Arn: caller.arn, UserId: caller.userId, Account: caller.accountId };
};
