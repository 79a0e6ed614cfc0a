/**
 * The CLI loads only what the command being run uses: `--help` and `token` never import the
 * HTTP server, the metrics, or a database driver. Checked by the modules the process resolved
 * (module-log-hooks.ts), not by timing — `npm run bench` times start-up.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { CLI } from '../e2e/stack.js';

const HOOK = fileURLToPath(new URL('./module-log.js', import.meta.url));
const HEAVY = ['fastify', 'pino', 'prom-client', 'kysely', 'pg', 'better-sqlite3', 'undici'];
const dir = mkdtempSync(join(tmpdir(), 'tb-lazy-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** The npm packages a `trustbridge …` run resolved. */
function packagesLoaded(args: string[]): Set<string> {
  const log = join(dir, `modules-${args.join('-').replace(/[^a-z]/gi, '')}.txt`);
  const result = spawnSync(process.execPath, ['--import', HOOK, CLI, ...args], {
    encoding: 'utf8',
    env: { ...process.env, TRUSTBRIDGE_MODULE_LOG: log },
  });
  assert.equal(result.status, 0, result.stderr);
  const urls = readFileSync(log, 'utf8').split('\n');
  return new Set(urls.map((url) => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1]).filter((name) => name !== undefined));
}

describe('lazy command modules', () => {
  for (const args of [
    ['--help'],
    ['token', '--help'],
    ['token', '--dir', dir, '--url', 'https://gitlab.example.com', '--project', 'mygroup/myproject', '--ref', 'main'],
  ]) {
    it(`trustbridge ${args.join(' ')} loads neither the HTTP server nor a database driver`, () => {
      const loaded = packagesLoaded(args);
      assert.deepEqual(HEAVY.filter((name) => loaded.has(name)), []);
      assert.ok(loaded.has('commander'), 'the hook saw the packages that were loaded');
    });
  }

  it('serve --help loads the serve command only when asked, and the server with it', () => {
    const loaded = packagesLoaded(['serve', '--help']);
    assert.ok(loaded.has('fastify'), 'serve imports its server');
  });
});
