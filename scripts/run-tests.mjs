// Runs the compiled test files under build/test, two at a time, each in a node process of its own
// that reports in TAP, and ends with one summary.
//   node scripts/run-tests.mjs                      every test
//   node scripts/run-tests.mjs test/sts             only files whose path contains "test/sts"
//   node scripts/run-tests.mjs --exclude test/e2e   every file except those (npm run test:unit)
//
// Why not `node --test FILES`: on Node 20 its parent process reads each file's results from the
// child's stdout in V8-serialized frames, and that reader loses its place when a read ends just
// after a frame's length field (nodejs/node#62693 and its follow-ups), and our CI twice saw a
// file stop reporting half-way and the whole run wait for it. Here each file writes plain TAP,
// which is only printed and counted (test/tooling/run-tests.test.ts).
//
// A file gets FILE_DEADLINE_MS. One that outlives it is asked for a Node diagnostic report
// (--report-on-signal: its JavaScript stack and its open handles say where it waits), killed
// with everything it started, and run once more; the summary names it either way, so a hang
// that passes on its second run is still on the record.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

const CONCURRENCY = 2;
// The slowest file takes about 45 s on an idle 2-core machine; CI machines have been 3× slower.
const FILE_DEADLINE_MS = Number(process.env.TRUSTBRIDGE_TEST_FILE_TIMEOUT_MS ?? 300_000);
const REPORT_SIGNAL = 'SIGUSR2';
const COUNTERS = ['tests', 'suites', 'pass', 'fail', 'cancelled', 'skipped', 'todo'];
const COUNTER_LINE = new RegExp(`^# (${COUNTERS.join('|')}) (\\d+)$`, 'gm');
const TEST_ROOT = process.env.TRUSTBRIDGE_TEST_ROOT ?? 'build/test';

function findTests(dir) {
  const found = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...findTests(path));
    else if (name.endsWith('.test.js')) found.push(path);
  }
  return found;
}

/** The closing counters of one file's TAP (`# pass 12`), unindented: nested ones are indented. */
function countersOf(tap) {
  const counts = {};
  for (const match of tap.matchAll(COUNTER_LINE)) {
    counts[match[1]] = Number(match[2]);
  }
  return COUNTERS.every((name) => name in counts) ? counts : undefined;
}

/** The part of a Node diagnostic report that says where a process waits. */
function describeReport(reportDir) {
  const file = readdirSync(reportDir).find((name) => name.endsWith('.json'));
  if (file === undefined) return '  (no diagnostic report was written)';
  const report = JSON.parse(readFileSync(join(reportDir, file), 'utf8'));
  const stack = report.javascriptStack?.stack ?? [];
  const handles = (report.libuv ?? []).filter((h) => h.is_active && h.is_referenced && h.type !== 'loop');
  return [
    `  JavaScript stack: ${stack.length === 0 ? '(idle: waiting in the event loop)' : ''}`,
    ...stack.slice(0, 15).map((frame) => `    ${frame.trim()}`),
    '  handles keeping it alive:',
    ...handles.map(
      (h) =>
        `    ${h.type}${h.remoteEndpoint ? ` to ${JSON.stringify(h.remoteEndpoint)}` : ''}${h.localEndpoint ? ` at ${JSON.stringify(h.localEndpoint)}` : ''}${h.pid ? ` pid ${h.pid}` : ''}${h.filename ? ` ${h.filename}` : ''}`,
    ),
  ].join('\n');
}

function lastReported(tap) {
  const results = [...tap.matchAll(/^(?:not )?ok \d+ - (.*)$/gm)];
  return results.length === 0 ? '(none)' : results[results.length - 1][1];
}

/** Runs one file to its end or its deadline; resolves with what it printed and how it ended. */
function runFile(file) {
  const reportDir = mkdtempSync(join(tmpdir(), 'trustbridge-test-report-'));
  const started = Date.now();
  const child = spawn(
    process.execPath,
    ['--test-reporter=tap', '--report-on-signal', `--report-signal=${REPORT_SIGNAL}`, `--report-directory=${reportDir}`, file],
    // Its own process group, so that a hung file's servers and CLI children go with it.
    { stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (text) => (output += text));
  // stderr is not TAP: its lines become comments, as node --test shows them.
  createInterface({ input: child.stderr }).on('line', (line) => (output += `# ${line}\n`));
  const killGroup = () => {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  };
  const closed = Promise.all([child.stdout, child.stderr].map((stream) => new Promise((done) => stream.on('close', done))));
  return new Promise((resolve) => {
    let hang;
    let killing;
    const deadline = setTimeout(() => {
      child.kill(REPORT_SIGNAL);
      // The report takes well under a second; then the file and all it started are ended.
      killing = setTimeout(() => {
        hang = `  last result it reported: ${lastReported(output)}\n${describeReport(reportDir)}`;
        killGroup();
      }, 3_000);
    }, FILE_DEADLINE_MS);
    child.on('exit', (code, signal) => {
      clearTimeout(deadline);
      clearTimeout(killing);
      // A child of the file that kept our pipes open must not hold the run: give it a moment.
      let graceTimer;
      const grace = new Promise((done) => (graceTimer = setTimeout(done, 5_000)));
      Promise.race([closed, grace]).then(() => {
        clearTimeout(graceTimer);
        child.stdout.destroy();
        child.stderr.destroy();
        rmSync(reportDir, { recursive: true, force: true });
        resolve({ file, code, signal, output, hang, counts: countersOf(output), seconds: (Date.now() - started) / 1000 });
      });
    });
  });
}

function failed(run) {
  return run.hang !== undefined || run.code !== 0 || run.counts === undefined || run.counts.fail > 0 || run.counts.cancelled > 0;
}

async function runAll(files) {
  const queue = [...files];
  const runs = [];
  const hungOnce = new Map();
  async function lane() {
    for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
      const run = await runFile(file);
      process.stdout.write(`# file: ${file} (${run.seconds.toFixed(1)} s)\n${run.output}`);
      if (run.hang !== undefined && !hungOnce.has(file)) {
        process.stdout.write(
          `# ${file} outlived its ${FILE_DEADLINE_MS / 1000} s and was killed; running it once more\n${run.hang.replace(/^/gm, '# ')}\n`,
        );
        hungOnce.set(file, run.hang);
        queue.push(file);
        continue;
      }
      runs.push(run);
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, lane));
  return { runs, hungOnce };
}

const args = process.argv.slice(2);
const excludeAt = args.indexOf('--exclude');
const exclude = excludeAt === -1 ? undefined : args.splice(excludeAt, 2)[1];
const filter = args[0];
const files = findTests(TEST_ROOT)
  .filter((f) => (!filter || f.includes(filter)) && (!exclude || !f.includes(exclude)))
  .sort();
if (files.length === 0) {
  console.error(`no test files found under ${TEST_ROOT}`);
  process.exit(1);
}

const started = Date.now();
const { runs, hungOnce } = await runAll(files);
const totals = Object.fromEntries(COUNTERS.map((name) => [name, runs.reduce((sum, run) => sum + (run.counts?.[name] ?? 0), 0)]));
const lines = ['', `# summary of ${runs.length} files`];
for (const run of [...runs].sort((a, b) => b.seconds - a.seconds).slice(0, 5))
  lines.push(`# slow: ${run.file} ${run.seconds.toFixed(1)} s`);
for (const [file, hang] of hungOnce) {
  lines.push(
    `# HUNG on its first run (killed after ${FILE_DEADLINE_MS / 1000} s), then ${failed(runs.find((r) => r.file === file)) ? 'failed' : 'passed'}: ${file}`,
    hang.replace(/^/gm, '# '),
  );
}
for (const run of runs.filter(failed)) {
  const how =
    run.hang !== undefined
      ? 'hung twice'
      : run.counts === undefined
        ? `ended without a summary (exit ${run.code ?? run.signal})`
        : `exit ${run.code ?? run.signal}`;
  lines.push(`# FAILED: ${run.file} (${how})`);
  for (const block of run.output.matchAll(/^not ok \d+ - .*\n(?: .*\n)*/gm)) lines.push(block[0].trimEnd());
}
for (const name of COUNTERS) lines.push(`# ${name} ${totals[name]}`);
lines.push(`# duration_ms ${Date.now() - started}`);
process.stdout.write(`${lines.join('\n')}\n`);
process.exit(runs.some(failed) ? 1 : 0);
