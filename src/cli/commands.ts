/**
 * Every command, as the top-level help lists it, with the module that implements it. Only the
 * module of the command being run is imported (and none for `trustbridge --help`), so a command
 * loads what it uses and nothing more: `token` never loads the HTTP server or a database driver.
 * Adding a command: one entry here; its module exports `register(program)`.
 */
import type { Command } from 'commander';

export interface CommandEntry {
  name: string;
  /** One line in `trustbridge --help`, and the description of the command itself. */
  summary: string;
  load(): Promise<{ register(program: Command): void }>;
}

export const COMMANDS: readonly CommandEntry[] = [
  { name: 'doctor', summary: 'Check an OIDC issuer the way AWS IAM/STS will, and print the exact AWS error each problem causes', load: () => import('./doctor.js') },
  { name: 'ca', summary: "Print the path of the issuer's local CA certificate (creating it if needed)", load: () => import('./ca.js') },
  { name: 'issuer', summary: 'The GitLab-compatible CI ID-token issuer (discovery, JWKS, key rotation)', load: () => import('./issuer.js') },
  { name: 'run', summary: 'Run one job of a .gitlab-ci.yml locally, with its id_tokens minted and CI_* variables set', load: () => import('./run.js') },
  { name: 'token', summary: "Print a GitLab CI/CD ID token for a job, signed by the issuer's current key", load: () => import('./token.js') },
  { name: 'assume', summary: 'Exchange a CI ID token for temporary AWS credentials (AssumeRoleWithWebIdentity).', load: () => import('./assume.js') },
  { name: 'serve', summary: 'Run the IAM/STS API alone (AWS Query protocol, SigV4).', load: () => import('./serve.js') },
  { name: 'up', summary: 'Start the issuer and the IAM/STS API together, with the tutorial\'s provider and role.', load: () => import('./up.js') },
  { name: 'explain', summary: 'Explain why a CI ID token may or may not assume a role: every STS step, every trust-policy condition, hints.', load: () => import('./explain.js') },
  { name: 'decisions', summary: 'List the AssumeRoleWithWebIdentity decision log (allowed and denied, with the reason AWS does not give).', load: () => import('./decisions.js') },
  { name: 'lint-trust', summary: 'Flag trust policies that trust a whole issuer, compare wildcards literally, or admit other groups, subgroups, tags or refs.', load: () => import('./lint-trust.js') },
  { name: 'provider', summary: 'Manage OIDC providers beyond what the AWS API offers (static keys for unreachable issuers).', load: () => import('./provider.js') },
  { name: 'console-link', summary: 'Print a fresh one-time sign-in link to the web console (single use, expires after 10 minutes).', load: () => import('./console-link.js') },
  { name: 'apply', summary: 'Create or update OIDC providers, managed policies and roles from a YAML file, idempotently.', load: () => import('./apply.js') },
];
