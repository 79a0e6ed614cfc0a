/**
 * `trustbridge doctor`'s checks: an issuer examined the way IAM and STS will, each problem paired
 * with the exact AWS error it causes and what to change. Pure data out; src/cli/doctor.ts renders.
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { AwsError } from '../aws/error.js';
import { isBlockedAddress } from './address-guard.js';
import { CLOCK_SKEW_SECONDS } from './check-times.js';
import { DiscoveryProblem, FETCH_DEADLINE_MS, fetchIssuerKeys, type IssuerKeys } from './discovery.js';
import { NOT_VALIDATED_MESSAGE, VERIFICATION_KEY_MESSAGE } from './errors.js';
import { IssuerFetchError, IssuerHttpClient } from './https-client.js';
import { MAX_JWKS_KEYS } from './jwks.js';
import { analyseChain, chainProblemError } from './tls-chain-analyse.js';
import { ChainProbeError, probeCertificateChain } from './tls-chain-probe.js';

export type CheckStatus = 'ok' | 'warn' | 'fail';

export interface DiagnosisCheck {
  id: 'url' | 'address' | 'tls-chain' | 'discovery' | 'jwks' | 'latency' | 'keys' | 'caching' | 'clock';
  title: string;
  status: CheckStatus;
  details: string[];
  /** The error AWS answers because of this problem (code and message exactly as on the wire). */
  awsError?: { operation: string; code: string; message: string };
  /** What to change. */
  fix?: string;
}

export interface IssuerDiagnosis {
  issuer: string;
  healthy: boolean;
  checks: DiagnosisCheck[];
}

export interface DiagnoseOptions {
  extraCaPems?: string[];
  /** Milliseconds for discovery + JWKS together; AWS's limit is 5 s. */
  deadlineMs?: number;
  now?: () => Date;
}

const STS_KEY_ERROR = { operation: 'AssumeRoleWithWebIdentity', code: 'InvalidIdentityToken', message: VERIFICATION_KEY_MESSAGE };

function iamError(error: AwsError): DiagnosisCheck['awsError'] {
  return { operation: 'CreateOpenIDConnectProvider', code: error.code, message: error.message };
}

export async function diagnoseIssuer(issuer: string, options: DiagnoseOptions = {}): Promise<IssuerDiagnosis> {
  const checks: DiagnosisCheck[] = [];
  const url = checkUrl(issuer, checks);
  if (url !== undefined) {
    await checkAddress(url, checks);
    await checkChain(issuer, 'issuer', checks);
    const keys = await checkFetches(issuer, options, checks);
    if (keys !== undefined) {
      const jwksUrl = new URL(keys.jwks.url);
      if (jwksUrl.host !== url.host) await checkChain(keys.jwks.url, 'jwks_uri', checks);
      checkKeys(keys, checks);
      checkCaching(keys, checks);
      checkClock(keys, (options.now ?? (() => new Date()))(), checks);
    }
  }
  return { issuer, healthy: checks.every((c) => c.status !== 'fail'), checks };
}

function checkUrl(issuer: string, checks: DiagnosisCheck[]): URL | undefined {
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    checks.push({ id: 'url', title: 'Issuer URL', status: 'fail', details: [`${JSON.stringify(issuer)} is not a URL`],
      awsError: { operation: 'CreateOpenIDConnectProvider', code: 'ValidationError', message: 'Invalid Open ID Connect Provider URL' },
      fix: 'Use the issuer exactly as tokens carry it in "iss", e.g. https://gitlab.example.com' });
    return undefined;
  }
  const details: string[] = [];
  let status: CheckStatus = 'ok';
  if (url.protocol !== 'https:') {
    checks.push({ id: 'url', title: 'Issuer URL', status: 'fail', details: ['the URL must begin with https://'],
      awsError: { operation: 'CreateOpenIDConnectProvider', code: 'ValidationError', message: 'Invalid Open ID Connect Provider URL' },
      fix: 'Serve the issuer over HTTPS and use its https:// URL.' });
    return undefined;
  }
  if (url.search || url.hash) { status = 'fail'; details.push('query parameters and fragments are not allowed in a provider URL'); }
  if (url.port) { status = status === 'fail' ? status : 'warn'; details.push(`the URL has a port (${url.port}): AWS expects none; Trustbridge accepts it`); }
  if (issuer.endsWith('/')) { status = status === 'fail' ? status : 'warn'; details.push('the URL ends with "/": tokens must then carry the slash too (GitLab\'s tutorial says not to include one)'); }
  if (details.length === 0) details.push('https, no query, no trailing slash');
  checks.push({ id: 'url', title: 'Issuer URL', status, details });
  return url;
}

async function checkAddress(url: URL, checks: DiagnosisCheck[]): Promise<void> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  try {
    addresses = isIP(host) !== 0 ? [host] : (await lookup(host, { all: true })).map((a) => a.address);
  } catch (err) {
    checks.push({ id: 'address', title: 'Name resolution', status: 'fail', details: [`${host} does not resolve: ${(err as Error).message}`],
      awsError: STS_KEY_ERROR, fix: 'Publish a DNS record for the issuer host that resolves on the public internet.' });
    return;
  }
  const privateAddresses = addresses.filter(isBlockedAddress);
  if (privateAddresses.length === 0) {
    checks.push({ id: 'address', title: 'Name resolution', status: 'ok', details: [`${host} → ${addresses.join(', ')} (public)`] });
    return;
  }
  checks.push({ id: 'address', title: 'Name resolution', status: 'warn', details: [`${host} → ${addresses.join(', ')}: private or loopback, so AWS cannot reach it`,
    'Trustbridge reaches it only with `serve --allow-private-issuers` (or `up`, for its own issuer)'],
    awsError: STS_KEY_ERROR,
    fix: 'For real AWS, publish discovery and JWKS on a public host (GitLab issue 391928: ci_id_tokens_issuer_url), or register static keys with the provider in Trustbridge.' });
}

async function checkChain(target: string, label: string, checks: DiagnosisCheck[]): Promise<void> {
  let ders: Buffer[];
  try {
    ders = await probeCertificateChain(target, { allowPrivate: true, timeoutMs: FETCH_DEADLINE_MS });
  } catch (err) {
    const title = `TLS chain served by the ${label} host`;
    const message = `could not read the served chain over TLS 1.2: ${(err as Error).message}`;
    checks.push(err instanceof ChainProbeError && err.kind === 'no-tls12'
      ? { id: 'tls-chain', title, status: 'warn', details: [message, 'AWS falls back to the provider\'s thumbprints when it cannot read the chain (e.g. TLS 1.3 only)'] }
      : { id: 'tls-chain', title, status: 'fail', details: [message], awsError: iamError(chainProblemError(target)),
        fix: 'Make the host answer HTTPS on this address and port.' });
    return;
  }
  const analysis = analyseChain(ders);
  const details = analysis.certificates.map((c) => `#${c.index + 1} ${c.subject} (issuer: ${c.issuer})${c.selfSigned ? ' [root]' : ''}`);
  details.push(`AWS thumbprint (SHA-1 of the last certificate served): ${analysis.thumbprint ?? '-'}`);
  if (analysis.problems.length === 0) {
    checks.push({ id: 'tls-chain', title: `TLS chain served by the ${label} host`, status: 'ok', details });
    return;
  }
  checks.push({ id: 'tls-chain', title: `TLS chain served by the ${label} host`, status: 'fail',
    details: [...analysis.problems.map((p) => p.message), ...details],
    awsError: iamError(chainProblemError(target)),
    fix: 'Serve the leaf certificate first, then each intermediate in issuer order (optionally the root last), each exactly once, and nothing else: fix the certificate file the web server uses (e.g. GitLab\'s nginx ssl_certificate).' });
}

async function checkFetches(issuer: string, options: DiagnoseOptions, checks: DiagnosisCheck[]): Promise<IssuerKeys | undefined> {
  const deadlineMs = options.deadlineMs ?? FETCH_DEADLINE_MS;
  const client = new IssuerHttpClient({ extraCaPems: options.extraCaPems ?? [], allowPrivateIssuers: true });
  const started = performance.now();
  try {
    const keys = await fetchIssuerKeys(client, issuer, deadlineMs);
    checks.push({ id: 'discovery', title: 'Discovery document', status: 'ok', details: [`${keys.discovery.url}: HTTP 200, ${keys.discovery.bytes} bytes, ${ms(keys.discovery.elapsedMs)}`, `issuer equals ${issuer}; jwks_uri ${keys.jwks.url}`] });
    checks.push({ id: 'jwks', title: 'JWKS', status: 'ok', details: [`${keys.jwks.url}: HTTP 200, ${keys.jwks.bytes} bytes, ${ms(keys.jwks.elapsedMs)}`] });
    const total = keys.discovery.elapsedMs + keys.jwks.elapsedMs;
    checks.push({ id: 'latency', title: 'Latency against the 5 s limit', status: total > deadlineMs / 2 ? 'warn' : 'ok',
      details: [`discovery + JWKS took ${ms(total)} of the ${ms(deadlineMs)} STS allows`],
      ...(total > deadlineMs / 2 ? { awsError: STS_KEY_ERROR, fix: 'Answer faster (cache the documents, serve them statically); above 5 s STS gives up.' } : {}) });
    return keys;
  } catch (err) {
    checks.push(fetchFailure(issuer, err, performance.now() - started, deadlineMs));
    return undefined;
  } finally {
    await client.close();
  }
}

function fetchFailure(issuer: string, err: unknown, elapsedMs: number, deadlineMs: number): DiagnosisCheck {
  const message = err instanceof Error ? err.message : String(err);
  const discoveryStage = err instanceof IssuerFetchError ? err.url.includes('/.well-known/openid-configuration') : err instanceof DiscoveryProblem && err.kind !== 'bad-jwks';
  const id = discoveryStage ? 'discovery' : 'jwks';
  const title = discoveryStage ? 'Discovery document' : 'JWKS';
  const fixes: Record<string, string> = {
    timeout: `It took more than ${ms(deadlineMs)} (${ms(elapsedMs)} elapsed): STS allows 5 s for discovery and JWKS together. Serve them faster or from a static host.`,
    connect: 'Nothing answered: make the host and port reachable from the internet (firewall, listener).',
    tls: 'The certificate is not trusted: use one from a public CA (or pass --ca for a private CA when checking Trustbridge).',
    redirect: 'Serve the document at this exact URL; redirects are not followed.',
    'http-status': 'Serve the document with HTTP 200 at this exact URL.',
    'too-large': 'Keep the discovery document under 64 KiB and the JWKS under 256 KiB.',
    'not-json': 'Serve a JSON document.',
    'blocked-address': 'Use a public address.',
    'not-https': 'Use an https:// URL.',
    'issuer-mismatch': `Make the discovery document's "issuer" exactly ${issuer} (for a public copy of a private GitLab's documents, edit "issuer" and "jwks_uri").`,
    'no-jwks-uri': 'Add a jwks_uri (https) to the discovery document.',
    'jwks-uri-not-https': 'Serve the JWKS over https.',
    'bad-jwks': `Publish at most ${MAX_JWKS_KEYS} keys in a {"keys": [...]} document (remove retired keys).`,
  };
  const kind = err instanceof IssuerFetchError || err instanceof DiscoveryProblem ? err.kind : 'connect';
  return { id, title, status: 'fail', details: [message], awsError: STS_KEY_ERROR, fix: fixes[kind] ?? fixes.connect };
}

function checkKeys(keys: IssuerKeys, checks: DiagnosisCheck[]): void {
  const total = keys.keySet.keys.length + keys.keySet.skipped.length;
  const details = [`${total} key(s) (AWS fails above ${MAX_JWKS_KEYS})`];
  let status: CheckStatus = total === 0 ? 'fail' : 'ok';
  for (const key of keys.keySet.keys) {
    const missing = (['kid', 'alg', 'use'] as const).filter((m) => key[m] === undefined);
    details.push(`kid ${key.kid ?? '(none)'}: ${key.kty}${key.crv ? ` ${key.crv}` : ''}, alg ${key.alg ?? '(none)'}, use ${key.use ?? '(none)'}`);
    if (missing.length > 0) {
      status = status === 'fail' ? status : 'warn';
      details.push(`  missing ${missing.join(', ')}: publish kid, alg and use:"sig" on every key (a JWK without kid has been reported to fail on AWS)`);
    }
    if (key.alg !== undefined && !/^(RS|ES)(256|384|512)$/.test(key.alg)) {
      status = 'fail';
      details.push(`  alg ${key.alg} is not one AWS accepts (RS256/384/512, ES256/384/512)`);
    }
  }
  for (const skipped of keys.keySet.skipped) details.push(`kid ${skipped.kid ?? '(none)'}: unusable, ${skipped.why}`);
  checks.push({ id: 'keys', title: 'Signing keys', status, details,
    ...(status === 'fail' ? { awsError: STS_KEY_ERROR, fix: 'Publish the RSA (≥ 2048 bits) or EC P-256/384/521 public keys tokens are signed with.' } : {}) });
}

function checkCaching(keys: IssuerKeys, checks: DiagnosisCheck[]): void {
  const cacheControl = keys.jwks.headers['cache-control'];
  const noCache = cacheControl === undefined || /no-cache|no-store|max-age=0\b/.test(cacheControl) || /no-cache/.test(keys.jwks.headers.pragma ?? '');
  checks.push({ id: 'caching', title: 'JWKS caching', status: noCache ? 'warn' : 'ok',
    details: [`Cache-Control: ${cacheControl ?? '(none)'}`],
    ...(noCache ? { fix: 'Allow caching (e.g. Cache-Control: max-age=86400, as GitLab sends): AWS flagged no-cache JWKS as a source of "Couldn\'t retrieve verification key" errors.' } : {}) });
}

function checkClock(keys: IssuerKeys, now: Date, checks: DiagnosisCheck[]): void {
  const date = keys.jwks.headers.date ?? keys.discovery.headers.date;
  const theirs = date === undefined ? Number.NaN : Date.parse(date);
  if (Number.isNaN(theirs)) {
    checks.push({ id: 'clock', title: 'Issuer clock', status: 'warn', details: ['no usable Date header; cannot compare clocks'] });
    return;
  }
  // Date has one-second resolution and was stamped before the response travelled: allow 2 s of noise.
  const skew = Math.round((theirs - now.getTime()) / 1000);
  const abs = Math.abs(skew);
  const status: CheckStatus = abs > CLOCK_SKEW_SECONDS ? 'fail' : abs > 30 ? 'warn' : 'ok';
  checks.push({ id: 'clock', title: 'Issuer clock', status,
    details: [`the issuer's clock is ${abs <= 2 ? 'in step with ours' : `${abs} s ${skew > 0 ? 'ahead of' : 'behind'} ours`} (STS tolerates ${CLOCK_SKEW_SECONDS} s)`],
    ...(status === 'fail' ? {
      awsError: skew < 0
        ? { operation: 'AssumeRoleWithWebIdentity', code: 'ExpiredTokenException', message: 'Token expired: current date/time <now> must be before the expiration date/time <exp>' }
        : { operation: 'AssumeRoleWithWebIdentity', code: 'InvalidIdentityToken', message: NOT_VALIDATED_MESSAGE },
      fix: 'Synchronise the issuer\'s clock (NTP).',
    } : {}) });
}

function ms(value: number): string {
  return value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${Math.round(value)} ms`;
}
