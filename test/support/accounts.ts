/**
 * The two account ids the tests use, defined once. A test keeps the one its expectations are
 * written in; nothing depends on which of the two a test picked beyond that.
 */

/** AWS's documentation account, for tests that read like AWS's own examples. */
export const ACCOUNT = '123456789012';

/** The account `trustbridge up` and `serve` use when none is given (src/stack/api.ts DEFAULT_ACCOUNT). */
export const LOCAL_ACCOUNT = '000000000000';
