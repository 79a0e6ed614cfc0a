/**
 * `npm run bench`: runs every benchmark module in turn and prints its results. Each module exports
 * `run(): Promise<void>`; add yours with one import and one array entry.
 */
import * as policy from './policy.js';
import * as stsAssume from './sts-assume.js';
import * as oidcVerify from './oidc-verify.js';

interface BenchModule {
  run(): Promise<void>;
}

const modules: Array<[string, BenchModule]> = [['policy', policy], ['sts-assume', stsAssume], ['oidc-verify', oidcVerify]];

for (const [name, module] of modules) {
  console.log(`\n== ${name} ==`);
  await module.run();
}
