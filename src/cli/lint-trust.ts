/**
 * `trustbridge lint-trust FILE`: static checks of a role trust policy for the mistakes that let
 * every project of an issuer in, or nobody at all (no subject condition, `*` under StringEquals,
 * StringLike patterns that also admit subgroups, look-alike projects, tags or prefix refs).
 * Exit 0 clean, 1 findings, 2 usage error (unreadable file, invalid policy).
 */
import type { Command } from 'commander';
import { EXIT_NEGATIVE, EXIT_OK, UsageError, exitTwoOnUsageError, printJson, readInput, withUsageErrors } from '../diagnostics/cli-support.js';
import { lintTrustPolicy, renderFindings, styleFor } from '../diagnostics/index.js';
import { validatePolicyDocument } from '../policy/index.js';
import { isAwsError } from '../aws/error.js';

export function register(program: Command): void {
  const command = program
    .command('lint-trust')
    .argument('<file>', 'the trust policy (JSON; "-" for stdin)')
    .option('--json', 'print the findings as JSON on stdout')
    .addHelpText('after', `
Example:
  trustbridge lint-trust trust.json
  aws iam get-role --role-name gitlab-deploy --query Role.AssumeRolePolicyDocument | trustbridge lint-trust -

Exit status: 0 clean, 1 findings, 2 usage error (unreadable file or invalid policy).`)
    .action(withUsageErrors(async (file: string, opts: { json?: boolean }) => {
      const document = readInput(file, 'trust policy');
      try {
        validatePolicyDocument(document, 'trust');
      } catch (err) {
        if (isAwsError(err)) throw new UsageError(`${file} is not a valid trust policy: ${err.code}: ${err.message}`);
        throw err;
      }
      const findings = lintTrustPolicy(document);
      if (opts.json === true) {
        printJson({ file, findings });
      } else if (findings.length === 0) {
        process.stdout.write(`${file}: no findings\n`);
      } else {
        process.stdout.write(`${file}: ${findings.length} finding(s)\n${renderFindings(findings, styleFor(process.stdout)).join('\n')}\n`);
      }
      return findings.length === 0 ? EXIT_OK : EXIT_NEGATIVE;
    }));
  exitTwoOnUsageError(command);
}
