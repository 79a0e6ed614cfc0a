/**
 * Test material for diagnostics: the tutorial's role, a real RS256 key pair (jose, independent of
 * our verifier), and a way to run the CLI as a user would. GitLab claims and trust policies come
 * from test/support/.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { ACCOUNT } from '../support/accounts.js';
import { providerArn } from '../support/trust-policy.js';

export const PROVIDER_ARN = providerArn();
export const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/gitlab-deploy`;

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
    // A command that never ends fails its test (code null) instead of holding the suite.
    const child = spawn(process.execPath, [MAIN, ...args], { env: { ...base, ...env }, stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000, killSignal: 'SIGKILL' });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
