/**
 * PackedPolicySize: AWS packs the session policy, the PolicyArns and the session tags into a
 * binary form with a fixed budget and reports its use as a percentage; over 100 % the call fails
 * with PackedPolicyTooLarge (PackedPolicySize in
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html; the
 * message in aws/containers-roadmap#2413). The packing is not public, so Trustbridge measures the
 * DEFLATE size of the same inputs against a budget under which a maximal inline policy alone fits
 * and fifty maximal tags do not, as on AWS.
 */
import { deflateRawSync } from 'node:zlib';
import { AwsError } from '../aws/error.js';
import type { Tag } from '../store/records.js';

const PACKED_BUDGET_BYTES = 2048;

export interface PackedInputs {
  policy: string | undefined;
  policyArns: readonly string[];
  tags: readonly Tag[];
  transitiveTagKeys: readonly string[];
}

/** The percentage, or undefined when nothing was packed (then AWS omits the member). */
export function packedPolicySize(inputs: PackedInputs): number | undefined {
  if (inputs.policy === undefined && inputs.policyArns.length === 0 && inputs.tags.length === 0) return undefined;
  const packed = deflateRawSync(JSON.stringify([inputs.policy ?? '', inputs.policyArns, inputs.tags.map((t) => [t.key, t.value]), inputs.transitiveTagKeys]));
  const percent = Math.ceil((packed.length * 100) / PACKED_BUDGET_BYTES);
  if (percent > 100) throw packedPolicyTooLarge(percent, inputs);
  return percent;
}

/**
 * The tags-only sentence is AWS's (containers-roadmap#2413); the wording that names policies is
 * UNVERIFIED, built the same way.
 */
function packedPolicyTooLarge(percent: number, inputs: PackedInputs): AwsError {
  const hasPolicies = inputs.policy !== undefined || inputs.policyArns.length > 0;
  const subject = !hasPolicies ? 'session tags' : inputs.tags.length === 0 ? 'session policies' : 'session policies and tags';
  return new AwsError('PackedPolicyTooLarge', `Packed size of ${subject} consumes ${percent}% of allotted space.`, 400);
}
