/**
 * The layer rules in eslint.config.js are the check that imports point one way (issue 9): this
 * proves they fail on an import that breaks the layering, and stay quiet on one that keeps it.
 * ESLint lints the text as if it were the named file, so nothing is written into src/.
 */
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { ESLint } from 'eslint';

// build/test/lint/ → the repository root, where eslint.config.js is.
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const eslint = new ESLint({ cwd: ROOT });

async function importErrors(filePath: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layer rules (npm run lint)', () => {
  it('fail when src/iam imports src/diagnostics (a lower layer importing an upper one)', async () => {
    const errors = await importErrors('src/iam/layer-probe.ts', "import { lintTrustPolicy } from '../diagnostics/index.js';\nexport const probe = lintTrustPolicy;\n");
    assert.equal(errors.length, 1);
    assert.match(errors[0] ?? '', /src\/iam may import only aws, policy, store, oidc/);
  });

  it('fail when src/apply or src/diagnostics imports src/cli, however deep the file', async () => {
    assert.equal((await importErrors('src/apply/probe.ts', "export { main } from '../cli/main.js';\n")).length, 1);
    assert.equal((await importErrors('src/diagnostics/remote/probe.ts', "import '../../cli/main.js';\n")).length, 1);
  });

  it('fail when the policy engine imports anything above aws/', async () => {
    assert.equal((await importErrors('src/policy/probe.ts', "import type { Store } from '../store/store.js';\nexport type S = Store;\n")).length, 1);
  });

  it('fail on a way around an entry file: STS internals, store tables', async () => {
    assert.match((await importErrors('src/diagnostics/probe.ts', "export { parseRoleArn } from '../sts/role-arn.js';\n"))[0] ?? '', /src\/sts\/index\.ts/);
    assert.match((await importErrors('src/iam/probe.ts', "export type { Database } from '../store/schema.js';\n"))[0] ?? '', /tables, queries and migrations stay inside/);
  });

  it('allow imports that point down, and the entry files', async () => {
    const source = [
      "import { AwsError } from '../aws/error.js';",
      "import { explain } from '../policy/index.js';",
      "import type { RoleStore } from '../store/store.js';",
      "import { ACTION } from '../sts/index.js';",
      "import { lintTrustPolicy } from '../diagnostics/index.js';",
      'export const all = [AwsError, explain, ACTION, lintTrustPolicy];',
      'export type R = RoleStore;',
      '',
    ].join('\n');
    assert.deepEqual(await importErrors('src/stack/probe.ts', source), []);
    assert.deepEqual(await importErrors('src/diagnostics/probe.ts', source.replace("import { lintTrustPolicy } from '../diagnostics/index.js';\n", '').replace(', lintTrustPolicy', '')), []);
  });
});
