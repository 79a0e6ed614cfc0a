import { AwsError, isAwsError } from '../aws/error.js';
import type { QueryParams } from '../aws/query-params.js';
import { decodeQueryRequest } from '../aws/query-request.js';
import type { CallContext, Caller, QueryService } from '../aws/service.js';
import type { WireStruct } from '../aws/shape.js';
import { verifySignature, type CredentialResolver, type SignedHttpRequest } from '../aws/sigv4/index.js';
import { encodeError, encodeSuccess, negotiateFormat, type WireFormat } from '../aws/wire-format.js';

/** Decides whether a signed caller may perform an action; throws AwsError AccessDenied if not. */
export type Authorizer = (
  caller: Caller,
  service: QueryService,
  action: string,
  params: QueryParams,
  ctx: CallContext,
) => Promise<void>;

export interface DispatchConfig {
  services: readonly QueryService[];
  resolveCredential: CredentialResolver;
  authorize: Authorizer | undefined;
  accountId: string;
  region: string;
}

export interface IncomingCall {
  requestId: string;
  raw: SignedHttpRequest;
  contentType: string | undefined;
  accept: string | undefined;
  sourceIp: string;
  now: Date;
}

export interface CallOutcome {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** For metrics and logs: a known action name or a placeholder, never raw client input. */
  actionLabel: string;
  /** 'OK' or the AWS error code. */
  code: string;
  /** A non-AWS error a handler threw: logged with its stack, never sent. */
  fault?: unknown;
  /** The call as the audit log sees it: present once the request named a known service's action. */
  audited?: AuditedCall;
}

/** What an audit record is made of; the result and params still hold secrets, the record drops them. */
export interface AuditedCall {
  service: QueryService['name'];
  action: string;
  params: QueryParams;
  caller: Caller;
  result?: WireStruct;
  error?: AwsError;
}

/**
 * The namespace AWS uses when it cannot tell which service was meant (unknown or missing
 * Version): the raw STS XML quoted in Envoy's STS fetcher shows
 * `<ErrorResponse xmlns="http://webservices.amazon.com/AWSFault/2005-15-09">`.
 */
export const AWS_FAULT_NAMESPACE = 'http://webservices.amazon.com/AWSFault/2005-15-09';

/** Where AWS's Query endpoints redirect a request that names no Action (observed on STS: 302). */
export const NO_ACTION_REDIRECT = 'https://aws.amazon.com/iam';

/** IAM's own text for ServiceFailure (its model's documentation): generic, reveals nothing. */
export const SERVICE_FAILURE_MESSAGE = 'The request processing has failed because of an unknown error, exception or failure.';

export function serviceFailure(): AwsError {
  return new AwsError('ServiceFailure', SERVICE_FAILURE_MESSAGE, 500, 'Receiver');
}

/**
 * One Query call from raw request to wire response: decode, route by Version, authenticate
 * (unless the action is unsigned), authorise, run the action, encode. Every client mistake
 * becomes the AWS error AWS sends; anything else becomes a 500 ServiceFailure.
 */
export async function dispatchQueryCall(config: DispatchConfig, call: IncomingCall): Promise<CallOutcome> {
  const request = decodeQueryRequest({ method: call.raw.method, contentType: call.contentType, query: call.raw.query, body: call.raw.body });
  const baseHeaders = { 'x-amzn-RequestId': call.requestId };

  if (request.action === undefined) {
    const location = call.raw.method === 'GET' && call.raw.query !== '' ? `${NO_ACTION_REDIRECT}?${call.raw.query}` : NO_ACTION_REDIRECT;
    return { status: 302, headers: { ...baseHeaders, location }, body: '', actionLabel: 'none', code: 'Redirect' };
  }

  const action = request.action;
  const service = config.services.find((candidate) => candidate.version === request.version);
  if (service === undefined) {
    // "Could not find operation GetCallerIdentity for version NO_VERSION_SPECIFIED" when Version is
    // absent (Envoy's STS fetcher quotes the raw XML); the version as sent otherwise, even empty.
    const version = request.version ?? 'NO_VERSION_SPECIFIED';
    const error = new AwsError('InvalidAction', `Could not find operation ${action} for version ${version}`, 400);
    return errorOutcome('xml', error, AWS_FAULT_NAMESPACE, baseHeaders, call.requestId, 'unknown');
  }

  const format: WireFormat = negotiateFormat(call.accept, service.name === 'sts');
  const handler = service.actions.get(action);
  if (handler === undefined) {
    // Wording from aws/aws-cli#37: "Could not find operation GetSendStatistics for version 2012-12-01".
    const error = new AwsError('InvalidAction', `Could not find operation ${action} for version ${service.version}`, 400);
    return errorOutcome(format, error, service.xmlNamespace, baseHeaders, call.requestId, 'unknown');
  }

  const ctx: CallContext = {
    requestId: call.requestId,
    caller: { kind: 'anonymous' },
    accountId: config.accountId,
    now: call.now,
    sourceIp: call.sourceIp,
    responseHeaders: {},
  };
  const audited = (): AuditedCall => ({ service: service.name, action, params: request.params, caller: ctx.caller });
  try {
    if (!service.unsignedActions.has(action)) {
      const verified = await verifySignature(call.raw, {
        service: service.name,
        region: config.region,
        resolveCredential: config.resolveCredential,
        now: call.now,
      });
      ctx.caller = verified.caller;
      if (config.authorize !== undefined) await config.authorize(ctx.caller, service, action, request.params, ctx);
    }
    const result = await handler(request.params, ctx);
    const encoded = encodeSuccess(format, action, service.xmlNamespace, result, call.requestId);
    return {
      status: encoded.status,
      headers: { ...ctx.responseHeaders, ...baseHeaders, 'content-type': encoded.contentType },
      body: encoded.body,
      actionLabel: action,
      code: 'OK',
      audited: { ...audited(), ...(result !== undefined ? { result } : {}) },
    };
  } catch (thrown) {
    const headers = { ...ctx.responseHeaders, ...baseHeaders };
    const error = isAwsError(thrown) ? thrown : serviceFailure();
    const outcome = { ...errorOutcome(format, error, service.xmlNamespace, headers, call.requestId, action), audited: { ...audited(), error } };
    return isAwsError(thrown) ? outcome : { ...outcome, fault: thrown };
  }
}

function errorOutcome(
  format: WireFormat,
  error: AwsError,
  xmlNamespace: string,
  headers: Record<string, string>,
  requestId: string,
  actionLabel: string,
): CallOutcome {
  const encoded = encodeError(format, error, xmlNamespace, requestId);
  return {
    status: encoded.status,
    headers: { ...headers, 'content-type': encoded.contentType },
    body: encoded.body,
    actionLabel,
    code: error.code,
  };
}
