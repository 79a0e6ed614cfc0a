/**
 * PackedPolicySize: AWS packs the session policy, the PolicyArns and the session tags into a
 * binary form kept in the session token and reports how much of its fixed space they use, as a
 * percentage; over 100 % the call fails with PackedPolicyTooLarge (PackedPolicySize in
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html). AWS does not publish
 * the packing, so this is a model, fitted on the two recorded AWS answers whose inputs are known:
 *
 * - AssumeRole with only an inline Policy (Python's json.dumps of a one-statement s3:GetObject
 *   policy, 163 characters) answered PackedPolicySize 16: localstack/localstack
 *   tests/aws/services/sts/test_sts.snapshot.json, test_assume_role_with_policy, recorded
 *   against AWS on 09-02-2026 (the input is in test_sts.py beside it).
 * - AssumeRole with only nine tags, keys T1…T9 and values of 250 'a's, answered
 *   "Packed size of session tags consumes 498% of allotted space.": a maintainer's `aws sts
 *   assume-role` run in aws-actions/configure-aws-credentials#1898 (2026-07-21).
 *
 * What they show: tags are not compressed (nine runs of one letter would deflate to almost
 * nothing, yet cost five times the space), while a policy is not measured that way (at the tags'
 * rate the LocalStack policy would cost 33 %, and the documented 2,048 plain-text characters
 * 450 %). So the model measures
 * - the policy as the DEFLATE size of its whitespace-free JSON, with the PolicyArns after it,
 *   against POLICY_BUDGET_BYTES;
 * - the tags as the UTF-8 bytes of their keys and values, with the transitive tag keys (the
 *   token carries them too; no recording separates them), against TAG_BUDGET_BYTES;
 * adds the two shares and rounds down. Rounding down, not up: containers-roadmap#2413 reports
 * 37 % for an application's tags, 74 % for EKS Pod Identity's and 112 % for both; if shares add
 * up, rounding up could not give more than 111 %. The IAM user guide's and botocore's example responses
 * (8 %, 6 %, and 123 % — over the limit yet successful) are illustrations and were not used.
 */
import { deflateRawSync } from 'node:zlib';
import { AwsError } from '../aws/error.js';
import type { Tag } from '../store/records.js';

/** Fitted on the LocalStack capture: every integer from 765 to 812 gives its 16 %. */
const POLICY_BUDGET_BYTES = 800;
/** Fitted on configure-aws-credentials#1898: 455 is the only integer that gives its 498 %. */
const TAG_BUDGET_BYTES = 455;

export interface PackedInputs {
  policy: string | undefined;
  policyArns: readonly string[];
  tags: readonly Tag[];
  transitiveTagKeys: readonly string[];
}

/** The percentage, or undefined when nothing was packed (then AWS omits the member). */
export function packedPolicySize(inputs: PackedInputs): number | undefined {
  if (inputs.policy === undefined && inputs.policyArns.length === 0 && inputs.tags.length === 0) return undefined;
  const policyShare = (policyBytes(inputs) * 100) / POLICY_BUDGET_BYTES;
  const tagShare = (tagBytes(inputs) * 100) / TAG_BUDGET_BYTES;
  const percent = Math.floor(policyShare + tagShare);
  if (percent > 100) throw packedPolicyTooLarge(percent, tagShare >= policyShare);
  return percent;
}

function policyBytes({ policy, policyArns }: PackedInputs): number {
  const parts = policy === undefined ? [...policyArns] : [withoutWhitespace(policy), ...policyArns];
  return parts.length === 0 ? 0 : deflateRawSync(parts.join('\n')).length;
}

/**
 * Re-serialised, so layout does not count. `trustbridge explain` measures a policy that failed
 * validation too; that one is measured as written.
 */
function withoutWhitespace(policy: string): string {
  try {
    return JSON.stringify(JSON.parse(policy));
  } catch {
    return policy;
  }
}

function tagBytes({ tags, transitiveTagKeys }: PackedInputs): number {
  const texts = [...tags.flatMap((t) => [t.key, t.value]), ...transitiveTagKeys];
  return texts.reduce((sum, text) => sum + Buffer.byteLength(text, 'utf8'), 0);
}

/**
 * AWS's two sentences, named by what overflows: tags (configure-aws-credentials#1898,
 * containers-roadmap#2413) or the policy (listed in
 * https://repost.aws/knowledge-center/iam-role-aws-sts-error; a real one at 103 % is quoted in
 * Utoolity's knowledge base, "Prevent Federation Error due to PackedPolicyTooLargeException").
 * Which one AWS picks when both are sent is UNVERIFIED; the larger share names it here.
 */
function packedPolicyTooLarge(percent: number, tagsOverflow: boolean): AwsError {
  const message = tagsOverflow
    ? `Packed size of session tags consumes ${percent}% of allotted space.`
    : `Packed policy consumes ${percent}% of allotted space, please use smaller policy.`;
  return new AwsError('PackedPolicyTooLarge', message, 400);
}
