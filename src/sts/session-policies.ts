/**
 * Session policies travel inside the session token as documents, so that authorising a later
 * call needs no store read: the inline Policy (validated here as a session policy, which raises
 * MalformedPolicyDocument) and the current documents of the PolicyArns.
 */
import { AwsError } from '../aws/error.js';
import { validatePolicyDocument } from '../policy/index.js';
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
    const document = await directory.getManagedPolicyDocument(arn);
    // UNVERIFIED for STS: this is IAM's answer to a policy ARN that does not resolve.
    if (document === undefined) throw new AwsError('NoSuchEntity', `Policy ${arn} does not exist or is not attachable.`, 404);
    documents.push(document);
  }
  return documents;
}
