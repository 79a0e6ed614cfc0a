/**
 * Where the verifier gets a provider's verification key. The production source is JwksCache
 * (discovery + JWKS over HTTPS, or the provider's static keys); tests and `explain` may pass any
 * other implementation. Every failure must be an OidcVerificationError built with keyUnavailable(),
 * because AWS answers all of them with the same "Couldn't retrieve verification key" message.
 */
import type { KeyObject } from 'node:crypto';
import type { OidcProviderRecord } from '../store/records.js';
import type { SupportedAlg } from './token.js';

export interface KeyRequest {
  alg: SupportedAlg;
  kid: string | undefined;
}

export interface KeySource {
  getKey(provider: OidcProviderRecord, request: KeyRequest): Promise<KeyObject>;
}
