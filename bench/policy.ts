/**
 * Trust-policy evaluation throughput, the STS hot path: the tutorial's trust policy (Federated
 * principal, StringEquals on aud and sub) evaluated with a compiled policy, beside a baseline
 * measured in the same run that re-validates and re-compiles the document on every call
 * (what a naive implementation does). Goal: ≥ 500,000 compiled evaluations/s on one core.
 */
import { compilePolicy, evaluate, validatePolicyDocument } from '../src/policy/index.js';
import { compilePolicyUncached } from '../src/policy/compile.js';
import type { EvaluationInput } from '../src/policy/index.js';

const ISSUER = 'gitlab.example.com';
const PROVIDER = `arn:aws:iam::000000000000:oidc-provider/${ISSUER}`;
const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { Federated: PROVIDER },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: {
        StringEquals: { [`${ISSUER}:aud`]: `https://${ISSUER}` },
        StringLike: { [`${ISSUER}:sub`]: 'project_path:mygroup/myproject:ref_type:branch:ref:*' },
      },
    },
  ],
});

function request(i: number): EvaluationInput['request'] {
  return {
    action: 'sts:AssumeRoleWithWebIdentity',
    resource: 'arn:aws:iam::000000000000:role/gitlab-deploy',
    principal: { type: 'Federated', id: PROVIDER },
    context: {
      [`${ISSUER}:aud`]: `https://${ISSUER}`,
      [`${ISSUER}:sub`]: `project_path:mygroup/myproject:ref_type:branch:ref:${i % 2 === 0 ? 'main' : 'feature'}`,
    },
  };
}

/** Runs `fn` for about `millis` and returns calls per second. */
function measure(millis: number, fn: (i: number) => unknown): number {
  for (let i = 0; i < 20_000; i++) fn(i); // warm-up, lets V8 optimise
  let calls = 0;
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(millis) * 1_000_000n;
  let now = start;
  while (now < deadline) {
    for (let i = 0; i < 1000; i++) fn(calls + i);
    calls += 1000;
    now = process.hrtime.bigint();
  }
  return (calls * 1e9) / Number(now - start);
}

export async function run(): Promise<void> {
  const trustPolicy = compilePolicy(TRUST, 'trust', 'trust-policy');
  const requests = Array.from({ length: 64 }, (_, i) => request(i));
  let allowed = 0;
  const compiled = measure(1500, (i) => {
    const r = evaluate({ request: requests[i & 63] as EvaluationInput['request'], identityPolicies: [], trustPolicy });
    if (r.decision === 'allowed') allowed++;
  });
  const baseline = measure(1500, (i) => {
    validatePolicyDocument(TRUST, 'trust');
    const fresh = compilePolicyUncached(TRUST, 'trust', 'trust-policy');
    return evaluate({ request: requests[i & 63] as EvaluationInput['request'], identityPolicies: [], trustPolicy: fresh });
  });
  const cachedLookup = measure(1000, (i) =>
    evaluate({ request: requests[i & 63] as EvaluationInput['request'], identityPolicies: [], trustPolicy: compilePolicy(TRUST, 'trust') }),
  );
  const fmt = (n: number): string => Math.round(n).toLocaleString('en-US').padStart(12);
  console.log(`trust-policy evaluation, compiled once          ${fmt(compiled)} evals/s  (goal ≥ 500,000)`);
  console.log(`trust-policy evaluation, compilePolicy per call ${fmt(cachedLookup)} evals/s  (cache hit by text each call)`);
  console.log(`baseline: validate + compile per call          ${fmt(baseline)} evals/s`);
  console.log(`speed-up over baseline: ${(compiled / baseline).toFixed(1)}x  (sanity: ${allowed > 0 ? 'allowed decisions seen' : 'NO ALLOW SEEN'})`);
}
