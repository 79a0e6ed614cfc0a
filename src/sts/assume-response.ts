/**
 * The AssumeRoleWithWebIdentityResult members in the order real AWS sends them
 * (the capture in salrashid123's README; the VictoriaMetrics and apache/opendal reqsign tests
 * agree): Audience, AssumedRoleUser, Provider, Credentials, SubjectFromWebIdentityToken, then the
 * optional members, which are left out when absent.
 */
import type { WireStruct } from '../aws/shape.js';
import type { SessionCredentials } from './credentials/mint-credentials.js';

export interface AssumeResultInput {
  audience: string;
  assumedRoleId: string;
  assumedRoleArn: string;
  providerArn: string;
  credentials: SessionCredentials;
  subject: string;
  packedPolicySize: number | undefined;
  sourceIdentity: string | undefined;
}

export function assumeRoleWithWebIdentityResult(r: AssumeResultInput): WireStruct {
  return {
    Audience: r.audience,
    AssumedRoleUser: { AssumedRoleId: r.assumedRoleId, Arn: r.assumedRoleArn },
    Provider: r.providerArn,
    Credentials: {
      AccessKeyId: r.credentials.accessKeyId,
      SecretAccessKey: r.credentials.secretAccessKey,
      SessionToken: r.credentials.sessionToken,
      Expiration: r.credentials.expiration,
    },
    SubjectFromWebIdentityToken: r.subject,
    PackedPolicySize: r.packedPolicySize,
    SourceIdentity: r.sourceIdentity,
  };
}
