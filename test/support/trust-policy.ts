/**
 * Role trust policies in the form of GitLab's "Configure OpenID Connect in AWS" tutorial
 * (https://docs.gitlab.com/ci/cloud_services/aws/): a Federated principal, the web-identity
 * action, and a condition on the provider's claims.
 */
import { ACCOUNT } from './accounts.js';
import { ISSUER_HOST, MAIN_SUB } from './gitlab.js';

export const ASSUME_ACTION = 'sts:AssumeRoleWithWebIdentity';

/** `arn:aws:iam::ACCOUNT:oidc-provider/HOST`. */
export function providerArn(host = ISSUER_HOST, account = ACCOUNT): string {
  return `arn:aws:iam::${account}:oidc-provider/${host}`;
}

/** The tutorial's condition: StringEquals on `<host>:sub`. */
export function subjectIs(subject = MAIN_SUB, host = ISSUER_HOST): object {
  return { StringEquals: { [`${host}:sub`]: subject } };
}

export interface StatementOptions {
  /** The Federated principal; the tutorial's provider in ACCOUNT by default. */
  provider?: string;
  effect?: 'Allow' | 'Deny';
}

/** One web-identity statement. */
export function webIdentityStatement(condition: object, action: string | string[] = ASSUME_ACTION, options: StatementOptions = {}): object {
  return { Effect: options.effect ?? 'Allow', Principal: { Federated: options.provider ?? providerArn() }, Action: action, Condition: condition };
}

/** A trust policy document holding the given statements. */
export function trustPolicy(statements: object[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}

/** A trust policy with one web-identity statement: the tutorial's, unless told otherwise. */
export function webIdentityTrust(condition: object = subjectIs(), options: StatementOptions = {}): string {
  return trustPolicy([webIdentityStatement(condition, ASSUME_ACTION, options)]);
}
