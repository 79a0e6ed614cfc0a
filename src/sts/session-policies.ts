/**
 * Session policies travel inside the session token as documents, so that authorising a later
 * call needs no store read: the inline Policy (validated here as a session policy, which raises
 * MalformedPolicyDocument) and the current documents of the PolicyArns.
 *
 * A PolicyArn that names no policy is not an error STS can send (botocore's sts/2011-06-15 model
 * lists no NoSuchEntity for AssumeRole*): the session is issued and that ARN grants nothing.
 * It must still count as a session policy, or the session would get the role's whole permissions.
 */
import { POLICY_GRANTING_NOTHING, validatePolicyDocument } from '../policy/index.js';
import type { StsDirectory } from './ports.js';


export function checkInlineSessionPolicy(policy: string | undefined): void {
  if (policy !== undefined) validatePolicyDocument(policy, 'session');
}

export async function sessionPolicyDocuments(
  directory: Pick<StsDirectory, 'getManagedPolicyDocument'>,
  policy: string | undefined,
  policyArns: readonly string[],
): Promise<string[]> {
  const documents = policy === undefined ? [] : [policy];
  for (const arn of policyArns) {
    documents.push((await directory.getManagedPolicyDocument(arn)) ?? POLICY_GRANTING_NOTHING);
  }
  return documents;
}
