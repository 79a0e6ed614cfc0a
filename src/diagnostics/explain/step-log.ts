/**
 * A pipeline run (src/sts/pipeline/, run with runAll) as explain's steps: each check that ran
 * passed or failed, each that could not run is skipped with why, plus the first wire error —
 * the one AWS would send, as it stops at the first failure. Explain carries on after a failure
 * wherever later checks have their inputs, because "the token is expired AND the subject would
 * not match" is what a person needs to hear.
 */
import type { CheckResult, PipelineRun } from '../../aws/check-pipeline.js';
import type { AwsError } from '../../aws/error.js';
import { OidcVerificationError } from '../../oidc/index.js';
import { ExplainedFailure } from '../../sts/index.js';
import type { ExplainStep, WireError } from './report.js';

export function explainSteps<F>(run: PipelineRun<F>): { steps: ExplainStep[]; firstError: WireError | undefined } {
  const failure = run.failure?.error;
  return {
    steps: run.results.map(explainStep),
    firstError: failure === undefined ? undefined : { code: failure.code, message: failure.message },
  };
}

function explainStep<F>(result: CheckResult<F>): ExplainStep {
  switch (result.status) {
    case 'passed':
      return { name: result.name, ok: true, detail: result.detail };
    case 'skipped':
      return { name: result.name, ok: false, skipped: true, detail: result.detail };
    case 'failed':
      return { name: result.name, ok: false, detail: failureDetail(result.error) };
  }
}

/** Our words for a failure; a wire error without any carries only its message. */
function failureDetail(error: AwsError): string {
  if (error instanceof OidcVerificationError) return `${error.detail} [${error.reason}]`;
  if (error instanceof ExplainedFailure) return error.detail;
  return error.message;
}
