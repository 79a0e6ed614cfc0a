/**
 * Diagnostics against a remote `serve` node (`--endpoint URL`), through its admin API only.
 *
 * - connectTarget(target) / connectRemote(endpoint, env, dir) → RemoteStack: the signed IAM
 *   client, plus the issuer CA and private-issuer allowance an `up` stack's environment names.
 * - remoteDirectory(client, warnings): explain's role and provider look-ups over IAM.
 * - openDecisionSource(target) → DecisionSource: the decision log from a store or the API.
 */
export { connectRemote, connectTarget, type RemoteStack, type StackTarget } from './remote-connection.js';
export { remoteDirectory } from './remote-directory.js';
export { openDecisionSource, remoteDecisionSource, storeDecisionSource, REMOTE_DECISION_LIMIT, type DecisionSource } from './decision-source.js';
