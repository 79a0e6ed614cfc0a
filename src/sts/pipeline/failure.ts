/**
 * What the AssumeRoleWithWebIdentity pipeline answers when it refuses, and the words it keeps
 * for itself. Shared by STS and `trustbridge explain`, so both name and word a refusal alike.
 */
import { AwsError } from '../../aws/error.js';
import type { TrustAnswer } from '../trust-check.js';

export const ACTION = 'sts:AssumeRoleWithWebIdentity';

/**
 * AWS's one answer for a role that does not exist and for every trust-policy failure, so the
 * caller cannot tell which (aws/aws-sdk-java-v2#1470).
 */
export const NOT_AUTHORIZED_MESSAGE = `Not authorized to perform ${ACTION}`;

/**
 * A wire error plus our explanation of it, which never reaches the wire: `detail` is what
 * `explain` shows, `logDetail` what the decision log keeps (the same unless given).
 */
export class ExplainedFailure extends AwsError {
  constructor(
    wire: AwsError,
    readonly detail: string,
    readonly logDetail: string = detail,
    /** For a trust-policy refusal: the engine's answer (the decision log keeps its trace). */
    readonly trust?: TrustAnswer,
  ) {
    super(wire.code, wire.message, wire.status, wire.type);
  }
}

export function notAuthorized(detail: string, logDetail?: string, trust?: TrustAnswer): ExplainedFailure {
  return new ExplainedFailure(new AwsError('AccessDenied', NOT_AUTHORIZED_MESSAGE, 403), detail, logDetail, trust);
}
