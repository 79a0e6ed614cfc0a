/**
 * The issuer the HTTP benchmark's tokens come from: discovery and JWKS over HTTPS (a leaf from
 * Trustbridge's local CA, which `serve --ca` is told to trust), with a JWKS Cache-Control period
 * longer than the whole run — so each serve should fetch the keys exactly once, its primary
 * fetching for all its workers — and a count of the fetches it served. Tokens carry GitLab's claim set for a branch pipeline.
 */
import { generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import { ensureLocalTls } from '../../src/issuer/tls/local-ca.js';

export const MAIN_SUB = 'project_path:mygroup/myproject:ref_type:branch:ref:main';
export const JWKS_MAX_AGE_SECONDS = 3_600;

export interface BenchIssuer {
  url: string;
  caFile: string;
  publicJwk: Record<string, unknown>;
  /** JWKS documents served so far. */
  jwksFetches(): number;
  token(sub?: string): string;
  close(): Promise<void>;
}

function b64(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function signJwt(privateKey: KeyObject, kid: string, claims: object): string {
  const input = `${b64({ kid, typ: 'JWT', alg: 'RS256' })}.${b64(claims)}`;
  return `${input}.${sign('sha256', Buffer.from(input), privateKey).toString('base64url')}`;
}

export async function startBenchIssuer(dir: string): Promise<BenchIssuer> {
  const tls = ensureLocalTls(dir);
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = 'bench-1';
  const publicJwk = { ...(publicKey.export({ format: 'jwk' }) as Record<string, unknown>), kid, use: 'sig', alg: 'RS256' };
  let fetches = 0;
  let url = '';
  const server: Server = createServer({ cert: tls.cert, key: tls.key }, (request, response) => {
    if (request.url === '/.well-known/openid-configuration') {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ issuer: url, jwks_uri: `${url}/oauth/discovery/keys`, id_token_signing_alg_values_supported: ['RS256'] }));
    } else if (request.url === '/oauth/discovery/keys') {
      fetches++;
      response.writeHead(200, { 'content-type': 'application/json', 'cache-control': `max-age=${JWKS_MAX_AGE_SECONDS}` });
      response.end(JSON.stringify({ keys: [publicJwk] }));
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  url = `https://localhost:${typeof address === 'object' && address !== null ? address.port : 0}`;
  return {
    url,
    caFile: tls.caFile,
    publicJwk,
    jwksFetches: () => fetches,
    token(sub = MAIN_SUB) {
      const iat = Math.floor(Date.now() / 1000);
      return signJwt(privateKey, kid, {
        namespace_id: '72', namespace_path: 'mygroup', project_id: '20', project_path: 'mygroup/myproject',
        user_id: '1', user_login: 'alice', ref: 'main', ref_type: 'branch', ref_path: 'refs/heads/main', ref_protected: 'true',
        jti: randomUUID(), iat, nbf: iat - 5, exp: iat + 3600, iss: url, sub, aud: url,
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
