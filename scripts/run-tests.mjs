// Runs the compiled test files under build/test with node's test runner.
// Node 20's `--test` takes no glob, so the files are listed here.
//   node scripts/run-tests.mjs                      every test
//   node scripts/run-tests.mjs test/sts             only files whose path contains "test/sts"
//   node scripts/run-tests.mjs --exclude test/e2e   every file except those (npm run test:unit)
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

function findTests(dir) {
  const found = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...findTests(path));
    else if (name.endsWith('.test.js')) found.push(path);
  }
  return found;
}

const args = process.argv.slice(2);
const excludeAt = args.indexOf('--exclude');
const exclude = excludeAt === -1 ? undefined : args.splice(excludeAt, 2)[1];
const filter = args[0];
const files = findTests('build/test')
  .filter((f) => (!filter || f.includes(filter)) && (!exclude || !f.includes(exclude)))
  .sort();
if (files.length === 0) {
  console.error('no test files found under build/test');
  process.exit(1);
}
// A test file that never finishes (a leaked handle, a child process holding the runner's pipe, a
// wait without a deadline) would otherwise hold the whole run until CI's own limit, and say
// nothing about which file it was. Each file gets FILE_TIMEOUT_MS (the slowest takes about 45 s
// on an idle 2-core machine) and is then reported as failed by name. Not --test-force-exit: on
// Node 20 it ended test/aws/sigv4-suite.test.js part-way, dropping 8 of its tests unreported.
const FILE_TIMEOUT_MS = Number(process.env.TRUSTBRIDGE_TEST_FILE_TIMEOUT_MS ?? 600_000);
const result = spawnSync(
  process.execPath,
  ['--test', '--test-concurrency=2', `--test-timeout=${FILE_TIMEOUT_MS}`, ...files],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);
