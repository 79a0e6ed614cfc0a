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
const result = spawnSync(process.execPath, ['--test', '--test-concurrency=2', ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
