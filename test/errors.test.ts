/**
 * Error codes are part of the contract: callers switch on them. This test pins every
 * Trustbridge-defined code, so renaming one (or reusing it for a second class) fails here first.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError } from '../src/apply/config.js';
import { AwsError } from '../src/aws/error.js';
import { QueryCallError, QueryResponseError } from '../src/aws/query-client.js';
import { StsCallError, StsEndpointError } from '../src/cli/assume.js';
import { UsageError } from '../src/diagnostics/cli-support.js';
import { InvalidInputError, TrustbridgeError } from '../src/errors.js';
import { CiConfigError } from '../src/issuer/ci/config-file.js';
import { KeyRingError, LockTimeoutError, NoIssuerUrlError } from '../src/issuer/errors.js';
import { BlockedAddressError } from '../src/oidc/address-guard.js';
import { DiscoveryProblem } from '../src/oidc/discovery.js';
import { missingClaim } from '../src/oidc/errors.js';
import { IssuerFetchError } from '../src/oidc/https-client.js';
import { KeySetUnavailable } from '../src/oidc/jwks-cache.js';
import { JwksFormatError } from '../src/oidc/jwks.js';
import { ChainProbeError } from '../src/oidc/tls-chain-probe.js';
import { JsonSyntaxError } from '../src/policy/json.js';
import { SealedSecretError } from '../src/store/master-key.js';
import { MasterKeyMismatchError } from '../src/store/master-key-check.js';
import { UniqueViolation } from '../src/store/unique-violation.js';

/** Each class with its own code, and an instance built the way the code base builds one. */
const OWN_CODES: Array<[code: string, instance: TrustbridgeError]> = [
  ['ERR_TRUSTBRIDGE_INVALID_INPUT', new InvalidInputError('m')],
  ['ERR_TRUSTBRIDGE_APPLY_CONFIG', new ConfigError('f.yaml', ['p'])],
  ['ERR_TRUSTBRIDGE_QUERY_RESPONSE', new QueryResponseError('m')],
  ['ERR_TRUSTBRIDGE_STS_ENDPOINT', new StsEndpointError('m')],
  ['ERR_TRUSTBRIDGE_USAGE', new UsageError('m')],
  ['ERR_TRUSTBRIDGE_CI_CONFIG', new CiConfigError('m')],
  ['ERR_TRUSTBRIDGE_NO_ISSUER_URL', new NoIssuerUrlError('m')],
  ['ERR_TRUSTBRIDGE_KEY_RING', new KeyRingError('m')],
  ['ERR_TRUSTBRIDGE_LOCK_TIMEOUT', new LockTimeoutError('m')],
  ['ERR_TRUSTBRIDGE_BLOCKED_ADDRESS', new BlockedAddressError('m')],
  ['ERR_TRUSTBRIDGE_DISCOVERY', new DiscoveryProblem('no-jwks-uri', 'm')],
  ['ERR_TRUSTBRIDGE_ISSUER_FETCH', new IssuerFetchError('timeout', 'https://issuer.example', 'm')],
  ['ERR_TRUSTBRIDGE_JWKS_FORMAT', new JwksFormatError('m')],
  ['ERR_TRUSTBRIDGE_KEY_SET_UNAVAILABLE', new KeySetUnavailable('m', 0)],
  ['ERR_TRUSTBRIDGE_CHAIN_PROBE', new ChainProbeError('m')],
  ['ERR_TRUSTBRIDGE_JSON_SYNTAX', new JsonSyntaxError('m')],
  ['ERR_TRUSTBRIDGE_SEALED_SECRET', new SealedSecretError('m')],
  ['ERR_TRUSTBRIDGE_MASTER_KEY_MISMATCH', new MasterKeyMismatchError('m')],
  ['ERR_TRUSTBRIDGE_UNIQUE_VIOLATION', new UniqueViolation('m')],
];

test('every Trustbridge error class keeps its code, on the class and on each instance', () => {
  for (const [code, error] of OWN_CODES) {
    assert.ok(error instanceof TrustbridgeError, code);
    assert.ok(error instanceof Error, code);
    assert.equal(error.code, code);
    assert.equal((error.constructor as unknown as { code: string }).code, code);
    assert.equal(error.message.length > 0, true);
  }
});

test('codes are unique and shaped ERR_TRUSTBRIDGE_*', () => {
  const codes = OWN_CODES.map(([code]) => code);
  assert.equal(new Set(codes).size, codes.length);
  for (const code of codes) assert.match(code, /^ERR_TRUSTBRIDGE_[A-Z_]+$/);
});

test('errors that carry an AWS error use its code, which never looks like ours', () => {
  const carriers: TrustbridgeError[] = [
    new AwsError('AccessDenied', 'Not authorized to perform sts:AssumeRoleWithWebIdentity', 403),
    missingClaim('sub'),
    new QueryCallError('NoSuchEntity', 'The role with name r cannot be found.', 'GetRole', 404),
    new StsCallError('InvalidIdentityToken', 'Incorrect token audience', undefined),
  ];
  assert.deepEqual(
    carriers.map((e) => [e instanceof TrustbridgeError, e.code]),
    [
      [true, 'AccessDenied'],
      [true, 'InvalidIdentityToken'],
      [true, 'NoSuchEntity'],
      [true, 'InvalidIdentityToken'],
    ],
  );
  for (const error of carriers) assert.doesNotMatch(error.code, /^ERR_/);
});

test('the base adds no text: messages are exactly what the classes build', () => {
  assert.equal(new InvalidInputError('--account must be 12 digits').message, '--account must be 12 digits');
  assert.equal(new ConfigError('a.yaml', ['x: bad']).message, 'a.yaml is not valid:\n  x: bad');
});

test('an AwsError is an answer: no stack frames are captured for it, and the stack limit is left as it was', () => {
  const limit = Error.stackTraceLimit;
  const error = new AwsError('AccessDenied', 'Not authorized to perform sts:AssumeRoleWithWebIdentity', 403);
  assert.equal(error.stack, 'AwsError: Not authorized to perform sts:AssumeRoleWithWebIdentity');
  assert.deepEqual([error.code, error.status, error.type, error.name], ['AccessDenied', 403, 'Sender', 'AwsError']);
  assert.equal(new AwsError('ServiceFailure', 'x', 500).type, 'Receiver');
  assert.equal(Error.stackTraceLimit, limit);
  assert.match(new Error('a fault').stack ?? '', /\n\s+at /, 'other errors keep their frames');
});
