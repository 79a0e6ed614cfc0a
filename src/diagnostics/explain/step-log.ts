/**
 * Runs the explain pipeline's steps and remembers, for each, whether it passed, failed or could
 * not run, plus the first wire error (the one AWS would send: it stops at the first failure).
 * Unlike STS, the pipeline goes on after a failure wherever the later steps have their inputs,
 * because "the token is expired AND the subject would not match" is what a person needs to hear.
 */
import { isAwsError } from '../../aws/error.js';
import { OidcVerificationError } from '../../oidc/index.js';
import type { ExplainStep, WireError } from './report.js';

export class StepLog {
  readonly steps: ExplainStep[] = [];
  firstError: WireError | undefined;

  /** Runs `action`; on an AwsError records the failure and returns undefined. Other errors propagate. */
  async run<T>(name: string, action: () => T | Promise<T>, describe: (value: T) => string): Promise<T | undefined> {
    try {
      const value = await action();
      this.pass(name, describe(value));
      return value;
    } catch (err) {
      if (!isAwsError(err)) throw err;
      // The reason/detail of a token failure is ours; other AwsErrors carry only the wire message.
      const detail = err instanceof OidcVerificationError ? `${err.detail} [${err.reason}]` : err.message;
      this.fail(name, detail, { code: err.code, message: err.message });
      return undefined;
    }
  }

  pass(name: string, detail: string): void {
    this.steps.push({ name, ok: true, detail });
  }

  fail(name: string, detail: string, wire: WireError): void {
    this.steps.push({ name, ok: false, detail });
    this.firstError ??= wire;
  }

  skip(name: string, why: string): void {
    this.steps.push({ name, ok: false, skipped: true, detail: why });
  }

  get failed(): boolean {
    return this.steps.some((s) => !s.ok && s.skipped !== true);
  }
}
