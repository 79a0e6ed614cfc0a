import { incompleteSignature, signatureDoesNotMatch } from './errors.js';
import type { CredentialScope } from './signature.js';

export interface ParsedCredential {
  accessKeyId: string;
  scope: CredentialScope;
  terminator: string;
}

/** `AKID/YYYYMMDD/region/service/aws4_request`; trailing slashes are ignored, as AWS does. */
export function parseCredential(credential: string): ParsedCredential {
  const parts = credential.replace(/\/+$/, '').split('/');
  if (parts.length !== 5) {
    throw incompleteSignature(
      `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${credential}'`,
    );
  }
  const [accessKeyId, date, region, service, terminator] = parts as [string, string, string, string, string];
  return { accessKeyId, scope: { date, region, service }, terminator };
}

export interface ExpectedScope {
  region: string;
  service: string;
}

/**
 * Each wrong piece of the scope adds its sentence; real STS answers SignatureDoesNotMatch with
 * e.g. "Credential should be scoped to a valid region. Credential should be scoped to correct
 * service: 'sts'. " (observed on sts.amazonaws.com; the terminator and date sentences are the
 * Coral wording recorded by mhart/dynalite).
 */
export function checkScope(credential: ParsedCredential, expected: ExpectedScope, amzDate: string): void {
  const { scope, terminator } = credential;
  let message = '';
  if (scope.region !== expected.region) message += 'Credential should be scoped to a valid region. ';
  if (scope.service !== expected.service) message += `Credential should be scoped to correct service: '${expected.service}'. `;
  if (terminator !== 'aws4_request') {
    message += `Credential should be scoped with a valid terminator: 'aws4_request', not '${terminator}'. `;
  }
  const day = amzDate.slice(0, 8);
  if (scope.date !== day) {
    message += `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${scope.date}' != '${day}', from '${amzDate}'.`;
  }
  if (message !== '') throw signatureDoesNotMatch(message);
}
