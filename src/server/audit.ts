/**
 * The audit log: one CloudTrail-shaped record per API call the server answered (signed calls,
 * the unsigned AssumeRoleWithWebIdentity, and failures alike, as CloudTrail logs them), given to
 * an AuditSink. Field names and meanings follow CloudTrail's record contents
 * (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html).
 * Secrets never reach a record: secret keys, session tokens, web-identity tokens and passwords
 * are removed from requestParameters and responseElements wherever they appear.
 */
import { randomUUID } from 'node:crypto';
import type { Caller } from '../aws/service.js';
import { XmlMap, type WireStruct, type WireValue } from '../aws/shape.js';
import type { AuditedCall } from './query-dispatch.js';

/** Where audit records go; `record` must return at once (buffer, never block the request). */
export interface AuditSink {
  record(event: CloudTrailRecord): void;
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export interface CloudTrailRecord {
  eventVersion: string;
  userIdentity: { [key: string]: Json };
  eventTime: string;
  eventSource: string;
  eventName: string;
  awsRegion: string;
  sourceIPAddress: string;
  userAgent: string;
  errorCode?: string;
  errorMessage?: string;
  requestParameters: { [key: string]: Json } | null;
  responseElements: { [key: string]: Json } | null;
  requestID: string;
  eventID: string;
  readOnly: boolean;
  eventType: 'AwsApiCall';
  managementEvent: true;
  recipientAccountId: string;
  eventCategory: 'Management';
}

export interface AuditContext {
  requestId: string;
  time: Date;
  region: string;
  accountId: string;
  sourceIp: string;
  userAgent: string | undefined;
  /** The access key id a failed signature claimed (Credential=…), for a caller who never verified. */
  claimedAccessKeyId: string | undefined;
}

/** Names whose values are secrets, matched on the last segment of a parameter or member name. */
const SECRET_NAMES = /^(secretaccesskey|sessiontoken|webidentitytoken|password|newpassword|oldpassword|privatekey|samlassertion)$/i;

/** CloudTrail marks reads so trails can skip them; these prefixes are the IAM/STS read actions. */
const READ_ONLY = /^(Get|List|Simulate)/;

export function cloudTrailRecord(call: AuditedCall, ctx: AuditContext): CloudTrailRecord {
  const readOnly = READ_ONLY.test(call.action);
  return {
    eventVersion: '1.08',
    userIdentity: userIdentity(call, ctx),
    eventTime: ctx.time.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    eventSource: `${call.service}.amazonaws.com`,
    eventName: call.action,
    awsRegion: ctx.region,
    sourceIPAddress: ctx.sourceIp,
    userAgent: ctx.userAgent ?? '',
    ...(call.error !== undefined ? { errorCode: call.error.code, errorMessage: call.error.message } : {}),
    requestParameters: requestParameters(call),
    // As CloudTrail does, reads carry no response elements (and no data leaks through the log).
    responseElements: readOnly || call.result === undefined ? null : (jsonOf(call.result) as { [key: string]: Json }),
    requestID: ctx.requestId,
    eventID: randomUUID(),
    readOnly,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: ctx.accountId,
    eventCategory: 'Management',
  };
}

function userIdentity(call: AuditedCall, ctx: AuditContext): { [key: string]: Json } {
  const caller: Caller = call.caller;
  if (caller.kind === 'admin') {
    const type = caller.arn.endsWith(':root') ? 'Root' : 'IAMUser';
    return { type, principalId: caller.userId, arn: caller.arn, accountId: caller.accountId, accessKeyId: caller.accessKeyId };
  }
  if (caller.kind === 'assumed-role') {
    return {
      type: 'AssumedRole',
      principalId: caller.userId,
      arn: caller.arn,
      accountId: caller.accountId,
      accessKeyId: caller.accessKeyId,
      sessionContext: {
        sessionIssuer: {
          type: 'Role',
          principalId: caller.userId.split(':')[0] ?? '',
          arn: caller.roleArn,
          accountId: caller.accountId,
          userName: caller.roleName,
        },
      },
    };
  }
  if (call.action === 'AssumeRoleWithWebIdentity') {
    // CloudTrail's web-identity caller: principalId is provider:audience:subject, once known.
    const provider = stringMember(call.result, 'Provider');
    const audience = stringMember(call.result, 'Audience');
    const subject = stringMember(call.result, 'SubjectFromWebIdentityToken');
    if (provider === undefined || subject === undefined) return { type: 'WebIdentityUser' };
    return {
      type: 'WebIdentityUser',
      principalId: `${provider}:${audience ?? ''}:${subject}`,
      userName: subject,
      identityProvider: provider,
    };
  }
  return ctx.claimedAccessKeyId !== undefined ? { type: 'Unknown', accessKeyId: ctx.claimedAccessKeyId } : { type: 'Unknown' };
}

function stringMember(struct: WireStruct | undefined, name: string): string | undefined {
  const value = struct?.[name];
  return typeof value === 'string' ? value : undefined;
}

/** Query parameters as CloudTrail shows them (lower-camel names), less Action, Version and secrets. */
function requestParameters(call: AuditedCall): { [key: string]: Json } | null {
  const out: { [key: string]: Json } = {};
  for (const name of call.params.names()) {
    if (name === 'Action' || name === 'Version' || isSecretName(name)) continue;
    out[lowerCamelPath(name)] = call.params.string(name) ?? '';
  }
  return Object.keys(out).length === 0 ? null : out;
}

function isSecretName(path: string): boolean {
  return SECRET_NAMES.test(path.split('.').pop() ?? '');
}

function lowerCamelPath(path: string): string {
  return path
    .split('.')
    .map((segment) => segment.charAt(0).toLowerCase() + segment.slice(1))
    .join('.');
}

function jsonOf(value: WireValue): Json {
  if (value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(jsonOf);
  if (value instanceof XmlMap) return structJson(value.entries);
  if (typeof value === 'object') return structJson(Object.entries(value));
  return value;
}

function structJson(entries: ReadonlyArray<readonly [string, WireValue]>): { [key: string]: Json } {
  const out: { [key: string]: Json } = {};
  for (const [name, member] of entries) {
    if (member === undefined || SECRET_NAMES.test(name)) continue;
    out[lowerCamelPath(name)] = jsonOf(member);
  }
  return out;
}
