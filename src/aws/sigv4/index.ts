/** SigV4 verification for the Query services: the public surface of this folder. */
export { verifySignature } from './verify.js';
export type { CredentialResolver, VerifyOptions, VerifiedSignature } from './verify.js';
export type { SignedHttpRequest } from './signed-request.js';
export {
  SIGNATURE_MISMATCH_MESSAGE,
  expiredToken,
  incompleteSignature,
  invalidClientTokenId,
  missingAuthenticationToken,
  signatureDoesNotMatch,
} from './errors.js';
