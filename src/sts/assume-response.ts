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
    Credentials: credentialsMember(r.credentials),
    SubjectFromWebIdentityToken: r.subject,
    PackedPolicySize: r.packedPolicySize,
    SourceIdentity: r.sourceIdentity,
  };
}

export type AssumeRoleResultInput = Pick<AssumeResultInput, 'assumedRoleId' | 'assumedRoleArn' | 'credentials' | 'packedPolicySize' | 'sourceIdentity'>;

/**
 * AssumeRoleResult in the order of the API reference and botocore's model (AssumeRoleResponse):
 * Credentials, AssumedRoleUser, PackedPolicySize, SourceIdentity.
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
 */
export function assumeRoleResult(r: AssumeRoleResultInput): WireStruct {
  return {
    Credentials: credentialsMember(r.credentials),
    AssumedRoleUser: { AssumedRoleId: r.assumedRoleId, Arn: r.assumedRoleArn },
    PackedPolicySize: r.packedPolicySize,
    SourceIdentity: r.sourceIdentity,
  };
}

function credentialsMember(c: SessionCredentials): WireStruct {
  return { AccessKeyId: c.accessKeyId, SecretAccessKey: c.secretAccessKey, SessionToken: c.sessionToken, Expiration: c.expiration };
}
