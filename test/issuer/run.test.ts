/**
 * `trustbridge run` semantics: GitLab's config rewrites (extends, !reference, default), one
 * token per id_tokens entry with aud expansion (https://docs.gitlab.com/ci/yaml/#id_tokens), predefined
 * variables that agree with the claims, and the shell executor's failure rules.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { CiConfigError } from '../../src/issuer/ci/config-file.js';
import { runJob, type RunJobOptions } from '../../src/issuer/ci/run-job.js';
import { KeyRing } from '../../src/issuer/keyring.js';
import { Capture, tempDir } from './helpers.js';

const ISS = 'https://issuer.test';

interface JobRun {
  code: number;
  stdout: string;
  stderr: string;
  dir: string;
  keyring: KeyRing;
}

async function run(
  t: { after: (fn: () => void) => void },
  yaml: string,
  jobName: string,
  extra: Partial<RunJobOptions> = {},
): Promise<JobRun> {
  const dir = tempDir(t);
  writeFileSync(join(dir, '.gitlab-ci.yml'), yaml);
  const keyring = KeyRing.open(join(dir, 'data'));
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await runJob({
    file: join(dir, '.gitlab-ci.yml'),
    jobName,
    keyring,
    issuerUrl: ISS,
    job: { project: 'mygroup/myproject', ref: 'main', serverUrl: 'https://gitlab.example.com', sha: 'a'.repeat(40) },
    overrides: {},
    baseEnv: { PATH: process.env.PATH },
    stdout,
    stderr,
    color: false,
    ...extra,
  });
  return { code, stdout: stdout.text, stderr: stderr.text, dir, keyring };
}

const TUTORIAL_LIKE = `
variables:
  AUD_HOST: sts.example.com
default:
  id_tokens:
    DEFAULT_TOKEN:
      aud: from-default
  before_script:
    - echo "before"
  after_script:
    - echo "after:$CI_JOB_STATUS"
.base:
  variables:
    FROM_BASE: inherited
  script:
    - echo "overridden by the job"
.checks:
  save_token:
    - printf '%s' "$GITLAB_OIDC_TOKEN" > token.jwt
    - env | grep -E '^(CI=|CI_|GITLAB_)' | sort > vars.txt
assume role:
  extends: .base
  id_tokens:
    GITLAB_OIDC_TOKEN:
      aud: https://\${AUD_HOST}/x$UNDEFINED_VARIABLE
  script:
    - !reference [.checks, save_token]
    - echo "token is $GITLAB_OIDC_TOKEN; base is $FROM_BASE; default token is \${DEFAULT_TOKEN:-absent}"
    - >
      echo folded
      into one line
`;

test('a job with default/extends/!reference/id_tokens runs, and its token is masked and verifies', async (t) => {
  const result = await run(t, TUTORIAL_LIKE, 'assume role');
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /token is \[MASKED\]; base is inherited; default token is absent\n/);
  assert.match(result.stdout, /^\$ echo "before"\nbefore\n/);
  assert.match(result.stdout, /\$ echo folded into one line\nfolded into one line\n/);
  assert.match(result.stdout, /after:success\n$/);
  assert.doesNotMatch(result.stdout, /overridden by the job/);
  const token = readFileSync(join(result.dir, 'token.jwt'), 'utf8');
  assert.ok(!result.stdout.includes(token) && !result.stderr.includes(token));
  // aud: $VAR and ${VAR} expanded, an undefined variable becomes empty (gitlab-org/gitlab lib/expand_variables.rb).
  const { payload } = await jwtVerify(token, createLocalJWKSet({ keys: result.keyring.publishedKeys() }), {
    issuer: ISS,
    audience: 'https://sts.example.com/x',
  });
  assert.equal(payload.aud, 'https://sts.example.com/x');
  // The variables the job saw describe the same job as the token's claims.
  const vars = Object.fromEntries(
    readFileSync(join(result.dir, 'vars.txt'), 'utf8').trim().split('\n').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
  assert.equal(vars.CI_PROJECT_PATH, payload.project_path);
  assert.equal(vars.CI_PROJECT_ID, payload.project_id);
  assert.equal(vars.CI_PROJECT_NAMESPACE, payload.namespace_path);
  assert.equal(vars.CI_PIPELINE_ID, payload.pipeline_id);
  assert.equal(vars.CI_JOB_ID, payload.job_id);
  assert.equal(vars.CI_COMMIT_SHA, payload.sha);
  assert.equal(vars.CI_COMMIT_REF_NAME, payload.ref);
  assert.equal(vars.CI_COMMIT_BRANCH, 'main');
  assert.equal(vars.CI_COMMIT_REF_PROTECTED, payload.ref_protected);
  assert.equal(vars.CI_PIPELINE_SOURCE, payload.pipeline_source);
  assert.equal(vars.GITLAB_USER_LOGIN, payload.user_login);
  assert.equal(vars.CI_JOB_NAME, 'assume role');
  assert.equal(vars.CI_SERVER_URL, 'https://gitlab.example.com');
  assert.equal(vars.CI_SERVER_HOST, 'gitlab.example.com');
  assert.equal(vars.GITLAB_CI, 'true');
  assert.equal(vars.CI, 'true');
  assert.equal(payload.ci_config_ref_uri, 'gitlab.example.com/mygroup/myproject//.gitlab-ci.yml@refs/heads/main');
});

test('default id_tokens apply to a job without its own', async (t) => {
  const yaml = `
default:
  id_tokens:
    ID_TOKEN_1:
      aud: [https://a.example, https://b.example]
job:
  script:
    - printf '%s' "$ID_TOKEN_1" > token.jwt
`;
  const result = await run(t, yaml, 'job');
  assert.equal(result.code, 0, result.stderr);
  const token = readFileSync(join(result.dir, 'token.jwt'), 'utf8');
  const { payload } = await jwtVerify(token, createLocalJWKSet({ keys: result.keyring.publishedKeys() }), { issuer: ISS });
  assert.deepEqual(payload.aud, ['https://a.example', 'https://b.example'], 'an array stays an array');
});

test('the first failing line ends the job with its exit code; after_script still runs and sees "failed"', async (t) => {
  const yaml = `
job:
  script:
    - echo one
    - exit 3
    - echo never
  after_script:
    - echo "after:$CI_JOB_STATUS"
`;
  const result = await run(t, yaml, 'job');
  assert.equal(result.code, 3);
  assert.doesNotMatch(result.stdout, /never/);
  assert.match(result.stdout, /after:failed/);
  assert.match(result.stderr, /ERROR: Job failed: exit code 3/);
});

test('pipelines fail on any failing stage (set -o pipefail, as the runner does)', async (t) => {
  const result = await run(t, 'job:\n  script:\n    - false | true\n    - echo never\n', 'job');
  assert.equal(result.code, 1);
  assert.doesNotMatch(result.stdout, /never/);
});

test('a failing after_script does not change a successful job', async (t) => {
  const result = await run(t, 'job:\n  script: [echo ok]\n  after_script: [exit 7]\n', 'job');
  assert.equal(result.code, 0);
  assert.match(result.stderr, /WARNING: after_script failed, but job will continue unaffected: exit code 7/);
  assert.match(result.stderr, /Job succeeded/);
});

test('the caller\'s environment passes through (ROLE_ARN); --var outranks the file', async (t) => {
  const yaml = 'variables:\n  DEPLOY: from-file\njob:\n  script:\n    - echo "$ROLE_ARN $DEPLOY"\n';
  const result = await run(t, yaml, 'job', {
    baseEnv: { PATH: process.env.PATH, ROLE_ARN: 'arn:aws:iam::000000000000:role/gitlab-deploy' },
    overrides: { DEPLOY: 'from-flag' },
  });
  assert.match(result.stdout, /arn:aws:iam::000000000000:role\/gitlab-deploy from-flag\n/);
});

test('tag and merge-request jobs get GitLab\'s ref variables; environment names expand into the token', async (t) => {
  const yaml = `
deploy:
  environment:
    name: review/$CI_COMMIT_REF_SLUG
  id_tokens:
    TOKEN:
      aud: x
  script:
    - echo "tag=\${CI_COMMIT_TAG-unset} branch=\${CI_COMMIT_BRANCH-unset} env=$CI_ENVIRONMENT_NAME mr=\${CI_MERGE_REQUEST_IID-none}"
    - printf '%s' "$TOKEN" > token.jwt
`;
  const tag = await run(t, yaml, 'deploy', { job: { project: 'g/p', ref: 'v1.0', refType: 'tag', serverUrl: ISS } });
  assert.match(tag.stdout, /tag=v1\.0 branch=unset env=review\/v1-0 mr=none/);
  const mr = await run(t, yaml, 'deploy', { job: { project: 'g/p', ref: 'feature/x', mergeRequestIid: '5', serverUrl: ISS } });
  assert.match(mr.stdout, /tag=unset branch=unset env=review\/feature-x mr=5/);
  const token = readFileSync(join(mr.dir, 'token.jwt'), 'utf8');
  const { payload } = await jwtVerify(token, createLocalJWKSet({ keys: mr.keyring.publishedKeys() }), { issuer: ISS });
  assert.equal(payload.environment, 'review/feature-x');
  assert.equal(payload.deployment_tier, 'development');
  assert.equal(payload.pipeline_source, 'merge_request_event');
});

test('the job timeout is the tokens\' lifetime (gitlab-org/gitlab lib/gitlab/ci/jwt.rb)', async (t) => {
  const yaml = "job:\n  timeout: 30m\n  id_tokens:\n    T:\n      aud: x\n  script:\n    - printf '%s' \"$T\" > token.jwt\n";
  const result = await run(t, yaml, 'job');
  const payload = JSON.parse(Buffer.from(readFileSync(join(result.dir, 'token.jwt'), 'utf8').split('.')[1] ?? '', 'base64url').toString()) as { iat: number; exp: number };
  assert.equal(payload.exp - payload.iat, 1800);
});

test('invalid configurations are refused with GitLab\'s wording before anything runs', async (t) => {
  const cases: Array<[string, string, RegExp]> = [
    ['job:\n  id_tokens:\n    T: {}\n  script: [echo]\n', 'job', /jobs:job:id_tokens:T aud can't be blank/],
    ['job:\n  id_tokens:\n    T: {aud: x, other: y}\n  script: [echo]\n', 'job', /config contains unknown keys: other/],
    ['a:\n  extends: b\n  script: [echo]\nb:\n  extends: a\n', 'a', /circular dependency detected in `extends`/],
    ['a:\n  extends: .missing\n  script: [echo]\n', 'a', /unknown key in `extends`/],
    ['a:\n  script: [!reference [.nope, script]]\n', 'a', /could not be found/],
    ['a:\n  script: [echo]\n', 'b', /no job "b"/],
    ['.hidden:\n  script: [echo]\n', '.hidden', /no job ".hidden"/],
    ['a:\n  image: alpine\n', 'a', /should implement the script:/],
  ];
  for (const [yaml, job, message] of cases) {
    await assert.rejects(run(t, yaml, job), (err: unknown) => err instanceof CiConfigError && message.test(err.message), message.source);
  }
});

test('the tutorial\'s "assume role" job runs as written, with a stand-in aws on PATH', async (t) => {
  // The job from GitLab's "Configure OpenID Connect in AWS" tutorial (https://docs.gitlab.com/ci/cloud_services/aws/).
  const yaml = `
assume role:
  id_tokens:
    GITLAB_OIDC_TOKEN:
      aud: https://gitlab.example.com
  script:
    - >
      export $(printf "AWS_ACCESS_KEY_ID=%s AWS_SECRET_ACCESS_KEY=%s AWS_SESSION_TOKEN=%s"
      $(aws sts assume-role-with-web-identity
      --role-arn \${ROLE_ARN}
      --role-session-name "GitLabRunner-\${CI_PROJECT_ID}-\${CI_PIPELINE_ID}"
      --web-identity-token \${GITLAB_OIDC_TOKEN}
      --duration-seconds 3600
      --query 'Credentials.[AccessKeyId,SecretAccessKey,SessionToken]'
      --output text))
    - aws sts get-caller-identity
`;
  const bin = tempDir(t);
  // Records its arguments, answers the assume call with three fields, echoes the keys otherwise.
  writeFileSync(
    join(bin, 'aws'),
    '#!/bin/bash\nif [ "$2" = assume-role-with-web-identity ]; then printf \'%s\\n\' "$@" > "$ARGS_FILE"; echo "ASIAEXAMPLE secret session"; ' +
      'else echo "caller $AWS_ACCESS_KEY_ID $AWS_SESSION_TOKEN"; fi\n',
    { mode: 0o755 },
  );
  const argsFile = join(bin, 'args.txt');
  const result = await run(t, yaml, 'assume role', {
    baseEnv: { PATH: `${bin}:${process.env.PATH ?? ''}`, ROLE_ARN: 'arn:aws:iam::000000000000:role/gitlab-deploy', ARGS_FILE: argsFile },
  });
  assert.equal(result.code, 0, result.stdout + result.stderr);
  assert.match(result.stdout, /caller ASIAEXAMPLE session\n/);
  const args = readFileSync(argsFile, 'utf8').split('\n');
  assert.equal(args[args.indexOf('--role-arn') + 1], 'arn:aws:iam::000000000000:role/gitlab-deploy');
  assert.match(args[args.indexOf('--role-session-name') + 1] ?? '', /^GitLabRunner-\d+-\d+$/);
  const token = args[args.indexOf('--web-identity-token') + 1] ?? '';
  const { payload } = await jwtVerify(token, createLocalJWKSet({ keys: result.keyring.publishedKeys() }), { issuer: ISS, audience: 'https://gitlab.example.com' });
  assert.equal(payload.sub, 'project_path:mygroup/myproject:ref_type:branch:ref:main');
});

test('attack: a command echoed before it runs is never evaluated by the echo', async (t) => {
  const yaml = `job:\n  script:\n    - echo 'it'"'"'s $(touch pwned) \`touch pwned2\`'\n`;
  const result = await run(t, yaml, 'job');
  assert.equal(result.code, 0);
  assert.ok(result.stdout.includes(`$ echo 'it'"'"'s $(touch pwned) \`touch pwned2\`'\n`));
  assert.match(result.stdout, /^it's \$\(touch pwned\) `touch pwned2`$/m);
  assert.throws(() => readFileSync(join(result.dir, 'pwned')));
  assert.throws(() => readFileSync(join(result.dir, 'pwned2')));
});

test('attack: "__proto__" keys in the YAML stay data and pollute nothing', async (t) => {
  const yaml = `.base:\n  __proto__:\n    script: [echo polluted]\njob:\n  extends: .base\n  __proto__:\n    polluted: true\n  script: [echo clean]\n`;
  const result = await run(t, yaml, 'job');
  assert.equal(result.code, 0);
  assert.match(result.stdout, /^clean$/m);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.equal(({} as Record<string, unknown>).script, undefined);
});
