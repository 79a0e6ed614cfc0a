/**
 * Role ARNs as STS reads them: first "is it an ARN at all" (else ValidationError "<arn> is
 * invalid", localstack/localstack tests/aws/services/sts/test_sts.snapshot.json:
 * `arn:a:a::aaaaaaaaaa:` is rejected, so the resource must not be empty), then "does it name a
 * role", which is answered like a missing role (AccessDenied), because AWS does not tell those
 * apart.
 */
import { parseArn } from '../aws/arn.js';

export interface RoleRef {
  accountId: string;
}

export function isWellFormedArn(text: string): boolean {
  const arn = parseArn(text);
  return arn !== undefined && arn.resource !== '';
}

export function parseRoleArn(text: string): RoleRef | undefined {
  const arn = parseArn(text);
  if (arn === undefined || arn.partition !== 'aws' || arn.service !== 'iam' || arn.region !== '') return undefined;
  if (!/^\d{12}$/.test(arn.accountId) || !/^role\/(?:[\u0021-\u007E]*\/)?[\w+=,.@-]{1,64}$/.test(arn.resource)) return undefined;
  return { accountId: arn.accountId };
}
