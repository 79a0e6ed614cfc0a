/**
 * `trustbridge apply -f trustbridge.yaml`: declarative OIDC providers, managed policies and roles,
 * applied idempotently through the IAM API (Trustbridge's or AWS's) with the signed Query client.
 * Prints a plan first; `--dry-run` stops there. Exit 0 done (or nothing to do), 1 an IAM error or
 * an irreconcilable difference, 2 an invalid file.
 */
import type { Command } from 'commander';
import { QueryCallError } from '../aws/query-client.js';
import { ConfigError, loadConfig } from '../apply/config.js';
import { clientFor, resolveConnection } from '../workspace/connection.js';
import { accountIdOf, readCurrentState } from '../apply/current.js';
import { executePlan } from '../apply/execute.js';
import { buildPlan, policyArn, providerArn } from '../apply/plan.js';
import { countChanges, renderPlan } from '../apply/render.js';

interface ApplyOptions {
  file: string;
  dir?: string;
  dryRun?: boolean;
  prune?: boolean;
}

const PAST: Record<string, string> = { create: 'created', update: 'updated', delete: 'deleted' };

async function apply(opts: ApplyOptions): Promise<number> {
  const { config, staticJwks } = loadConfig(opts.file);
  const client = clientFor(resolveConnection(process.env, opts.dir));
  const accountId = await accountIdOf(client);
  const current = await readCurrentState(client, accountId, {
    providerArns: config.oidc_providers.map((p) => providerArn(accountId, p.url)),
    policyArns: config.policies.map((p) => policyArn(accountId, p)),
    roleNames: config.roles.map((r) => r.name),
    everything: opts.prune === true,
  });
  const plan = buildPlan({ config, staticJwks, current, prune: opts.prune === true });
  process.stdout.write(renderPlan(plan));
  if (plan.problems.length > 0) {
    process.stderr.write(`\nCannot apply:\n${plan.problems.map((p) => `  ${p}`).join('\n')}\n`);
    return 1;
  }
  const counts = countChanges(plan);
  if (counts.create + counts.update + counts.delete === 0) {
    process.stdout.write('\nNo changes. IAM matches the file.\n');
    return 0;
  }
  if (opts.dryRun === true) {
    process.stdout.write('\nDry run: nothing was changed.\n');
    return 0;
  }
  process.stdout.write('\n');
  await executePlan(client, plan, (change) => process.stdout.write(`${change.type} ${change.id}: ${PAST[change.kind] ?? change.kind}\n`));
  process.stdout.write(`\nApply complete: ${counts.create} created, ${counts.update} updated, ${counts.delete} deleted.\n`);
  return 0;
}

export function register(program: Command): void {
  program
    .command('apply')
    .requiredOption('-f, --file <file>', 'the declarations (trustbridge.yaml)')
    .option('--dir <dir>', 'use the endpoint and admin key from DIR/env (default: the AWS_* environment, then .trustbridge/env)')
    .option('--dry-run', 'print the plan and change nothing')
    .option('--prune', 'also delete what the file does not mention: other roles, policies and providers, and extra inline policies, attachments, client IDs and tags')
    .addHelpText('after', `
Example trustbridge.yaml:
  oidc_providers:
    - url: https://gitlab.example.com
      client_ids: [https://gitlab.example.com]
      thumbprints: [${'a'.repeat(40)}]
      static_jwks_file: gitlab-jwks.json    # optional, for an issuer STS cannot reach
  policies:
    - name: read-artifacts
      document: { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: "s3:GetObject", Resource: "*" }] }
  roles:
    - name: deploy
      max_session_duration: 3600
      trust_policy:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: { Federated: arn:aws:iam::000000000000:oidc-provider/gitlab.example.com }
            Action: sts:AssumeRoleWithWebIdentity
            Condition: { StringEquals: { "gitlab.example.com:sub": "project_path:mygroup/myproject:ref_type:branch:ref:main" } }
      inline_policies:
        s3: { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: "s3:*", Resource: "*" }] }
      managed_policies: [read-artifacts]     # a name from this file, or a full ARN
      tags: { team: platform }

  trustbridge apply -f trustbridge.yaml --dry-run
  trustbridge apply -f trustbridge.yaml

Exit status: 0 applied or nothing to do, 1 an IAM error or a difference apply cannot reconcile, 2 an invalid file.`)
    .action(async (opts: ApplyOptions) => {
      try {
        process.exitCode = await apply(opts);
      } catch (err) {
        if (err instanceof ConfigError) {
          process.stderr.write(`${err.message}\n`);
          process.exitCode = 2;
        } else if (err instanceof QueryCallError) {
          // The AWS CLI's own line, so it can be searched for.
          process.stderr.write(`\n${err.message}\n`);
          process.exitCode = 1;
        } else {
          throw err;
        }
      }
    });
}
