/**
 * scripts/run-tests.mjs, the runner behind `npm test`, on files made for the purpose: it counts
 * what each file's TAP reports, is not thrown by a file whose stdout carries bytes that look like
 * Node's own V8-serialized result frames (what Node 20's `node --test` misreads: nodejs/node#62693),
 * and ends a file that never finishes — naming it, saying what kept it alive, and giving it one
 * more run — instead of letting it hold CI until CI's own limit.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, test } from 'node:test';

const RUNNER = fileURLToPath(new URL('../../../scripts/run-tests.mjs', import.meta.url));
const dirs: string[] = [];
after(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A folder of test files (ESM, as the build writes them) for the runner to find. */
function fixture(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'trustbridge-runner-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'package.json'), '{"type":"module"}\n');
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), `import { test } from 'node:test';\n${text}\n`);
  }
  return dir;
}

function run(dir: string, deadlineMs = 60_000): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [RUNNER],
      {
        cwd: dir,
        timeout: 120_000,
        env: { ...process.env, TRUSTBRIDGE_TEST_ROOT: dir, TRUSTBRIDGE_TEST_FILE_TIMEOUT_MS: String(deadlineMs) },
      },
      (err, stdout) => resolve({ code: err === null ? 0 : Number(err.code), out: stdout }),
    );
  });
}

const summaryValue = (out: string, name: string): number =>
  Number(/^# summary[\s\S]*/m.exec(out)?.[0].match(new RegExp(`^# ${name} (\\d+)$`, 'm'))?.[1]);

test("counts every file's results, nested tests included, and exits 0 when all pass", async () => {
  const dir = fixture({
    'a.test.js': "test('one', () => {});\ntest('two', async (t) => { await t.test('inner', () => {}); });",
    'deep/b.test.js': "test('three', () => { console.error('a line on stderr'); });",
  });
  const { code, out } = await run(dir);
  assert.equal(code, 0, out);
  assert.equal(summaryValue(out, 'tests'), 4);
  assert.equal(summaryValue(out, 'pass'), 4);
  assert.equal(summaryValue(out, 'fail'), 0);
  assert.match(out, /^# a line on stderr$/m, 'stderr is shown as a comment');
  assert.match(out, /^# summary of 2 files$/m);
});

test('a file whose stdout mimics a result frame split after its length is printed, not parsed', async () => {
  // 0xFF 0x0F is the V8 serializer header; 00 00 01 FF a frame length ending in 0xFF, written on
  // its own so that it arrives as a read of its own: the split node --test reorders. Node 20's
  // `node --test` fails this same file, passing neither test ("Unable to deserialize cloned data").
  const dir = fixture({
    'frame.test.js':
      "test('writes frame-like bytes', async () => {\n" +
      '  process.stdout.write(Buffer.from([0xff, 0x0f, 0, 0, 1, 0xff]));\n' +
      '  await new Promise((r) => setTimeout(r, 100));\n' +
      "  process.stdout.write(Buffer.from([0xff, 0x0f, 0x6f, 0x7b, 0x00, 0x0a]));\n});\ntest('after it', () => {});",
  });
  const { code, out } = await run(dir);
  assert.equal(code, 0, out);
  assert.equal(summaryValue(out, 'pass'), 2);
});

test('a failing test fails the run, and the summary repeats its failure', async () => {
  const dir = fixture({
    'good.test.js': "test('fine', () => {});",
    'bad.test.js': "import assert from 'node:assert/strict';\ntest('breaks', () => assert.equal(1, 2));",
  });
  const { code, out } = await run(dir);
  assert.equal(code, 1);
  assert.equal(summaryValue(out, 'fail'), 1);
  assert.match(out, /^# FAILED: .*bad\.test\.js \(exit 1\)\n^not ok 1 - breaks$/m);
});

test('a file that never ends is killed at its deadline, described, run once more, and fails the run', async () => {
  const dir = fixture({
    'hangs.test.js': "test('reported', () => {});\ntest('never ends', () => new Promise(() => setInterval(() => {}, 1000)));",
    'fine.test.js': "test('fine', () => {});",
  });
  const { code, out } = await run(dir, 1_500);
  assert.equal(code, 1);
  assert.match(out, /hangs\.test\.js outlived its 1\.5 s and was killed; running it once more/);
  assert.match(out, /^# HUNG on its first run \(killed after 1\.5 s\), then failed: .*hangs\.test\.js$/m);
  assert.match(out, /last result it reported: reported/);
  assert.match(out, /handles keeping it alive:\n#? *timer/);
  assert.match(out, /^# FAILED: .*hangs\.test\.js \(hung twice\)$/m);
  assert.equal(summaryValue(out, 'pass'), 1, 'the other file still ran and counted');
});
