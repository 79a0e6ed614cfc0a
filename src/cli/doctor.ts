/**
 * `trustbridge doctor --issuer URL`: checks an OIDC issuer the way IAM and STS will (discovery,
 * TLS chain as served, JWKS reachability and latency against the 5 s limit, keys, caching, clock)
 * and, for each problem, prints the exact AWS error it causes and what to change.
 * Exit 0 when healthy, 1 otherwise.
 */
import type { Command } from 'commander';
import { readCaFiles } from '../oidc/https-client.js';
import { diagnoseIssuer, type CheckStatus, type IssuerDiagnosis } from '../oidc/issuer-diagnosis.js';

interface DoctorOptions {
  issuer: string;
  ca: string[];
  json?: boolean;
}

const MARK: Record<CheckStatus, string> = { ok: 'ok  ', warn: 'warn', fail: 'FAIL' };
const COLOUR: Record<CheckStatus, string> = { ok: '\x1b[32m', warn: '\x1b[33m', fail: '\x1b[31m' };

/** The human report; colour only when writing to a terminal. */
export function renderDiagnosis(diagnosis: IssuerDiagnosis, colour: boolean): string {
  const paint = (status: CheckStatus, text: string): string => (colour ? `${COLOUR[status]}${text}\x1b[0m` : text);
  const lines = [`Issuer ${diagnosis.issuer}`, ''];
  for (const check of diagnosis.checks) {
    lines.push(`[${paint(check.status, MARK[check.status])}] ${check.title}`);
    for (const detail of check.details) lines.push(`       ${detail}`);
    if (check.awsError) {
      lines.push(`       AWS answers ${check.awsError.operation} with:`);
      lines.push(`         An error occurred (${check.awsError.code}) when calling the ${check.awsError.operation} operation: ${check.awsError.message}`);
    }
    if (check.fix) lines.push(`       Fix: ${check.fix}`);
  }
  lines.push('', diagnosis.healthy ? paint('ok', 'Healthy: STS can discover this issuer and verify its tokens.') : paint('fail', 'Not healthy: see FAIL above.'));
  return `${lines.join('\n')}\n`;
}

export function register(program: Command): void {
  program
    .command('doctor')
    .requiredOption('--issuer <url>', 'the issuer URL, exactly as tokens carry it in "iss"')
    .option('--ca <file>', 'extra trusted CA certificate (PEM); repeatable', (file: string, all: string[]) => [...all, file], [])
    .option('--json', 'print the diagnosis as JSON')
    .addHelpText('after', `
Example:
  trustbridge doctor --issuer https://gitlab.example.com
  trustbridge doctor --issuer https://localhost:8443 --ca .trustbridge/ca.pem --json

Exit status: 0 healthy, 1 otherwise.`)
    .action(async (options: DoctorOptions) => {
      const diagnosis = await diagnoseIssuer(options.issuer, { extraCaPems: readCaFiles(options.ca) });
      process.stdout.write(options.json ? `${JSON.stringify(diagnosis, null, 2)}\n` : renderDiagnosis(diagnosis, process.stdout.isTTY === true));
      process.exitCode = diagnosis.healthy ? 0 : 1;
    });
}
