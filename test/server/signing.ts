import { SignatureV4 } from '@smithy/signature-v4';
import { NodeSha256 } from './fixture.js';

export interface Keys {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

interface RequestShape {
  method: string;
  protocol: string;
  hostname: string;
  port: number;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body?: string;
}

function signer(keys: Keys, service = 'sts', region = 'us-east-1'): SignatureV4 {
  return new SignatureV4({ credentials: keys, region, service, sha256: NodeSha256, uriEscapePath: true, applyChecksum: false });
}

function shape(url: string, method: string, query: Record<string, string>, body?: string, headers: Record<string, string> = {}): RequestShape {
  const parsed = new URL(url);
  return {
    method,
    protocol: parsed.protocol,
    hostname: parsed.hostname,
    port: Number(parsed.port),
    path: '/',
    query,
    headers: { host: parsed.host, ...headers },
    body,
  };
}

function toUrl(base: string, signed: RequestShape): string {
  const query = Object.entries(signed.query)
    .map(([name, value]) => `${encodeRfc(name)}=${encodeRfc(value)}`)
    .join('&');
  return `${base}${signed.path}${query === '' ? '' : `?${query}`}`;
}

function encodeRfc(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** A presigned GET URL built by AWS's own signer (@smithy/signature-v4). */
export async function presignedUrl(base: string, keys: Keys, query: Record<string, string>, options: { expiresIn?: number; signingDate?: Date } = {}): Promise<string> {
  const signed = (await signer(keys).presign(shape(base, 'GET', query), {
    expiresIn: options.expiresIn ?? 900,
    signingDate: options.signingDate,
  })) as unknown as RequestShape;
  return toUrl(base, signed);
}

export interface SignOptions {
  signingDate?: Date;
  headers?: Record<string, string>;
  service?: string;
  region?: string;
  query?: Record<string, string>;
}

/** A header-signed POST with a form body, signed by @smithy/signature-v4 (scope sts/us-east-1 unless told). */
export async function signedPost(base: string, keys: Keys, body: string, options: SignOptions = {}): Promise<{ url: string; init: RequestInit }> {
  const request = shape(base, 'POST', options.query ?? {}, body, { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', ...options.headers });
  const signed = (await signer(keys, options.service, options.region).sign(request, { signingDate: options.signingDate })) as unknown as RequestShape;
  const headers = { ...signed.headers };
  delete headers.host;
  return { url: toUrl(base, signed), init: { method: 'POST', headers, body } };
}
