/**
 * The two documents a relying party fetches, shaped as GitLab serves them
 * (gitlab-org/gitlab app/controllers/jwks_controller.rb): members, order and values of
 * doorkeeper-openid_connect's `provider_response` plus GitLab's CI claims.
 */
import type { PublishedJwk } from './jwk.js';

export const DISCOVERY_PATH = '/.well-known/openid-configuration';
export const JWKS_PATH = '/oauth/discovery/keys';

/** `JwksController#keys`: `expires_in 24.hours, public: true, must_revalidate: true, 'no-transform': true`. */
export const JWKS_CACHE_CONTROL = 'max-age=86400, public, must-revalidate, no-transform';
/** The discovery action sets no expiry, so Rails' default for a fresh JSON response applies. */
export const DISCOVERY_CACHE_CONTROL = 'max-age=0, private, must-revalidate';
export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/** Doorkeeper's scopes on a recent GitLab (version-dependent; relying parties ignore them). */
const SCOPES = [
  'api', 'read_api', 'read_user', 'create_runner', 'manage_runner', 'k8s_proxy', 'read_repository',
  'write_repository', 'read_registry', 'write_registry', 'sudo', 'admin_mode', 'openid', 'profile', 'email',
];

/** `%w[iss sub aud exp iat] | openid_connect.claims` then the CI claims GitLab appends. */
const CLAIMS = [
  'iss', 'sub', 'aud', 'exp', 'iat',
  'sub_legacy', 'name', 'nickname', 'preferred_username', 'email', 'email_verified', 'website', 'profile',
  'picture', 'groups', 'groups_direct', 'https://gitlab.org/claims/groups/owner',
  'https://gitlab.org/claims/groups/maintainer', 'https://gitlab.org/claims/groups/developer',
  'project_path', 'ci_config_ref_uri', 'ref_path', 'sha', 'environment', 'jti',
];

export interface DiscoveryDocument {
  issuer: string;
  jwks_uri: string;
  [member: string]: unknown;
}

/** `issuer` must equal the tokens' `iss` byte for byte (no trailing slash). */
export function discoveryDocument(issuer: string): DiscoveryDocument {
  return {
    issuer,
    authorization_endpoint: `${issuer}/oauth/authorize`,
    token_endpoint: `${issuer}/oauth/token`,
    revocation_endpoint: `${issuer}/oauth/revoke`,
    introspection_endpoint: `${issuer}/oauth/introspect`,
    userinfo_endpoint: `${issuer}/oauth/userinfo`,
    jwks_uri: `${issuer}${JWKS_PATH}`,
    scopes_supported: SCOPES,
    response_types_supported: ['code'],
    response_modes_supported: ['query', 'fragment', 'form_post'],
    grant_types_supported: ['authorization_code', 'password', 'client_credentials', 'device_code', 'refresh_token'],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    claim_types_supported: ['normal'],
    claims_supported: CLAIMS,
    code_challenge_methods_supported: ['plain', 'S256'],
  };
}

export function jwksDocument(keys: PublishedJwk[]): { keys: PublishedJwk[] } {
  return { keys };
}
