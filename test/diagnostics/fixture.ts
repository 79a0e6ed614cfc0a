/**
 * Shared test material for diagnostics: a real RS256 key pair (jose, independent of our
 * verifier), GitLab-shaped ID-token claims
 * (https://docs.gitlab.com/ci/secrets/id_token_authentication/), trust policies in the tutorial's
 * form (https://docs.gitlab.com/ci/cloud_services/aws/, "Configure a role and trust"), and a way to
 * run the CLI as a user would.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';

export const ISSUER = 'https://gitlab.example.com';
export const HOST = 'gitlab.example.com';
export const ACCOUNT = '123456789012';
export const PROVIDER_ARN = `arn:aws:iam::${ACCOUNT}:oidc-provider/${HOST}`;
export const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/gitlab-deploy`;
/** Fixed "now" so time checks are deterministic. */
export const NOW = new Date('2026-03-01T12:00:00Z');
export const NOW_SECONDS = Math.floor(NOW.getTime() / 1000);

export interface Job {
  project?: string;
  ref?: string;
  refType?: 'branch' | 'tag';
  aud?: string | string[];
  iss?: string;
  iat?: number;
  exp?: number;
  extra?: Record<string, unknown>;
}

/** GitLab's claim set for a job (the subset trust policies look at). */
export function gitlabClaims(job: Job = {}): Record<string, unknown> {
  const project = job.project ?? 'mygroup/myproject';
  const ref = job.ref ?? 'main';
  const refType = job.refType ?? 'branch';
  const iat = job.iat ?? NOW_SECONDS - 10;
  return {
    namespace_id: '42',
    namespace_path: project.slice(0, project.lastIndexOf('/')),
    project_id: '7',
    project_path: project,
    user_id: '1',
    user_login: 'root',
    pipeline_id: '100',
    pipeline_source: 'push',
    job_id: '200',
    ref,
    ref_type: refType,
    ref_path: refType === 'branch' ? `refs/heads/${ref}` : `refs/tags/${ref}`,
    ref_protected: 'true',
    jti: 'a6f1c4a2-0000-4000-8000-000000000001',
    iss: job.iss ?? ISSUER,
    iat,
    nbf: iat - 5,
    exp: job.exp ?? iat + 3600,
    sub: `project_path:${project}:ref_type:${refType}:ref:${ref}`,
    aud: job.aud ?? ISSUER,
    ...job.extra,
  };
}

export interface SigningKit {
  /** The public JWKS as JSON text (what --jwks FILE holds, or a provider's static keys). */
  jwks: string;
  sign(claims: Record<string, unknown>): Promise<string>;
}

export async function signingKit(kid = 'test-key-1'): Promise<SigningKit> {
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  return {
    jwks: JSON.stringify({ keys: [jwk] }),
    sign: (claims) => new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' }).sign(privateKey),
  };
}

/** The tutorial's trust policy, with the given condition block. */
export function trustPolicy(condition: Record<string, Record<string, string | string[]>>, effect: 'Allow' | 'Deny' = 'Allow'): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{
      Effect: effect,
      Principal: { Federated: PROVIDER_ARN },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: condition,
    }],
  });
}

export const TUTORIAL_SUB = 'project_path:mygroup/myproject:ref_type:branch:ref:main';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

const MAIN = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

/** Runs `trustbridge …` in a child process, not a TTY, with NO_COLOR unset. */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const { NO_COLOR: _ignored, ...base } = process.env;
    const child = spawn(process.execPath, [MAIN, ...args], { env: { ...base, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
