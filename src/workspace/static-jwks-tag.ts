/**
 * IAM cannot report a provider's static JWKS back, so `apply` records the hash of the keys it set
 * in this tag: that is how a second apply knows the keys are already in place, and how remote
 * diagnostics know that a provider's keys are not the ones its issuer serves.
 */
export const STATIC_JWKS_TAG = 'trustbridge:static-jwks-sha256';
