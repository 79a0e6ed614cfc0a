/**
 * The web console in a real browser (Debian's chromium, driven by playwright-core) against a
 * real `trustbridge up`: sign-in by one-time link and by access key, the live decision log, a
 * decision's trace, the playground, roles and providers, and what the signed-out, the
 * unpermitted and a cross-site page get. Screenshots of each page go to CONSOLE_SCREENSHOTS
 * (default build/screenshots; docs/screenshots holds the committed ones).
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { LOCAL_ACCOUNT } from '../support/accounts.js';
import { providerArn, subjectIs, webIdentityTrust } from '../support/trust-policy.js';
import { REPO_ROOT, adminEnv, removeDir, run, startStack, trustbridge, type RunningStack } from './stack.js';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
const SCREENSHOTS = resolve(REPO_ROOT, process.env.CONSOLE_SCREENSHOTS ?? 'build/screenshots');
const CONSOLE_PAGES = ['/console/', '/console/decisions', '/console/decisions/x', '/console/roles', '/console/roles/gitlab-deploy', '/console/providers', '/console/playground', '/console/nope'];

describe('web console, in chromium', () => {
  let stack: RunningStack;
  let api: string;
  const contexts: BrowserContext[] = [];
  const profiles: string[] = [];

  before(async () => {
    stack = await startStack();
    api = stack.env.AWS_ENDPOINT_URL ?? '';
    mkdirSync(SCREENSHOTS, { recursive: true });
  });
  after(async () => {
    for (const context of contexts) await context.close();
    for (const dir of profiles) removeDir(dir);
    await stack.stop();
    removeDir(stack.dir);
  });

  /** A fresh browser profile: no cookies, no cache. */
  async function freshBrowser(): Promise<Page> {
    const profile = mkdtempSync(join(tmpdir(), 'tb-chromium-'));
    profiles.push(profile);
    const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, viewport: { width: 1280, height: 900 } });
    contexts.push(context);
    return context.pages()[0] ?? context.newPage();
  }

  async function shot(page: Page, name: string): Promise<void> {
    await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
  }

  function upLink(): string {
    const match = /^Console\s+(\S+)$/m.exec(stack.output());
    assert.ok(match, `up printed no Console line:\n${stack.output()}`);
    return match[1]!;
  }

  function mint(ref: string): string {
    const minted = trustbridge(['token', '--dir', stack.dir, '--project', 'mygroup/myproject', '--ref', ref]);
    assert.equal(minted.status, 0, minted.stderr);
    return minted.stdout.trim();
  }

  async function signInWithLink(page: Page, link: string): Promise<void> {
    await page.goto(link);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }

  let admin: Page;

  test('the signed-out get the sign-in page or a 401, for every page and API', async () => {
    for (const path of CONSOLE_PAGES) {
      const response = await fetch(`${api}${path}`, { redirect: 'manual' });
      const body = await response.text();
      assert.equal(response.status, 401, path);
      assert.match(body, /<label for="access-key-id">Access key ID<\/label>/, path);
      assert.doesNotMatch(body, /gitlab-deploy|arn:aws/, path);
    }
    const api401 = await fetch(`${api}/console/api/decisions`);
    assert.equal(api401.status, 401);
    const post = await fetch(`${api}/console/playground`, { method: 'POST', body: 'roleArn=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.equal(post.status, 401);
    // The AWS API on the same port is untouched.
    const sts = await fetch(`${api}/?Action=GetCallerIdentity&Version=2011-06-15`);
    assert.equal(sts.status, 403);
    assert.match(await sts.text(), /<ErrorResponse/);

    const page = await freshBrowser();
    await page.goto(`${api}/console/roles`);
    await page.getByLabel('Access key ID').waitFor();
    await page.getByLabel('Secret access key').waitFor();
    await page.getByLabel('Session token').waitFor();
    await shot(page, 'sign-in');
  });

  test('the one-time link from `up` signs in once; console-link prints a fresh one', async () => {
    const link = upLink();
    admin = await freshBrowser();
    await signInWithLink(admin, link);
    await admin.getByRole('heading', { name: 'Decisions' }).waitFor();
    const cookie = (await admin.context().cookies()).find((c) => c.name === 'tb_console');
    assert.ok(cookie);
    assert.equal(cookie.httpOnly, true);
    assert.equal(cookie.sameSite, 'Strict');
    assert.ok(cookie.expires > Date.now() / 1000, 'the session cookie expires');

    const again = await freshBrowser();
    await signInWithLink(again, link);
    await again.getByText('This sign-in link is not valid').waitFor();

    const fresh = trustbridge(['console-link', '--dir', stack.dir]);
    assert.equal(fresh.status, 0, fresh.stderr);
    assert.match(fresh.stdout, /^http:\/\/127\.0\.0\.1:\d+\/console\/link#\S+\n$/);
    await signInWithLink(again, fresh.stdout.trim());
    await again.getByRole('heading', { name: 'Decisions' }).waitFor();
  });

  test('a denied assume appears without reloading, and opens to the failing StringEquals …:sub', async () => {
    await admin.goto(`${api}/console/decisions`);
    await admin.evaluate(() => ((globalThis as unknown as { stillHere: boolean }).stillHere = true));
    const assumed = trustbridge(['assume', '--role-arn', stack.env.ROLE_ARN ?? '', '--token', mint('feature')], adminEnv(stack));
    assert.notEqual(assumed.status, 0, 'the feature branch must be denied');
    const row = admin.locator('#decisions tbody tr.denied', { hasText: 'ref:feature' });
    await row.waitFor({ timeout: 15_000 });
    assert.equal(await admin.evaluate(() => (globalThis as unknown as { stillHere?: boolean }).stillHere), true, 'the page was not reloaded');
    await shot(admin, 'decisions-live');

    await row.getByRole('link').first().click();
    await admin.getByRole('heading', { name: 'Trust policy', exact: true }).waitFor();
    const failed = admin.locator('tr.condition.failed');
    const host = new URL(stack.env.TRUSTBRIDGE_ISSUER_URL ?? '').host;
    assert.equal(await failed.locator('td').nth(1).innerText(), 'StringEquals');
    assert.equal(await failed.locator('td').nth(2).innerText(), `${host}:sub`);
    assert.equal(await failed.locator('td.expected').innerText(), '"project_path:mygroup/myproject:ref_type:branch:ref:main"');
    assert.equal(await failed.locator('td.actual').innerText(), '"project_path:mygroup/myproject:ref_type:branch:ref:feature"');
    assert.equal(await failed.locator('td.actual mark').innerText(), 'feature');
    assert.match(await admin.locator('ol.steps').innerText(), /✗/);
    await shot(admin, 'decision');
  });

  test('the playground allows --ref main and denies --ref feature, without writing the log', async () => {
    const before = (await admin.request.get(`${api}/console/api/decisions`).then((r) => r.json())) as { rows: unknown[] };
    await admin.goto(`${api}/console/playground`);
    await admin.getByLabel('Ref', { exact: true }).fill('main');
    await admin.getByRole('button', { name: 'Explain' }).click();
    await admin.locator('#result .verdict.allowed').waitFor();
    assert.match(await admin.locator('#explain-command').innerText(), /^trustbridge explain --role-arn arn:aws:iam::000000000000:role\/gitlab-deploy --token "\$\(trustbridge token --project mygroup\/myproject --ref main\)"$/);

    await admin.getByLabel('Ref', { exact: true }).fill('feature');
    await admin.getByRole('button', { name: 'Explain' }).click();
    await admin.locator('#result .verdict.denied').waitFor();
    assert.equal(await admin.locator('#result tr.condition.failed td.actual mark').innerText(), 'feature');
    await shot(admin, 'playground');

    const after = (await admin.request.get(`${api}/console/api/decisions`).then((r) => r.json())) as { rows: unknown[] };
    assert.equal(after.rows.length, before.rows.length, 'the playground wrote nothing to the decision log');
  });

  test('roles show the trust policy with lint findings on their lines; providers run doctor', async () => {
    // A trust policy lint-trust flags (a `*` under StringEquals), with an inline permission policy.
    const host = new URL(stack.env.TRUSTBRIDGE_ISSUER_URL ?? '').host;
    const trust = webIdentityTrust(subjectIs('project_path:mygroup/*:ref_type:branch:ref:main', host), { provider: providerArn(host, LOCAL_ACCOUNT) });
    const created = run('aws', ['iam', 'create-role', '--role-name', 'wide-deploy', '--assume-role-policy-document', trust], adminEnv(stack));
    assert.equal(created.status, 0, created.stderr);
    const permissions = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::artifacts/*' }] };
    const put = run('aws', ['iam', 'put-role-policy', '--role-name', 'wide-deploy', '--policy-name', 'artifacts', '--policy-document', JSON.stringify(permissions)], adminEnv(stack));
    assert.equal(put.status, 0, put.stderr);

    await admin.goto(`${api}/console/roles`);
    await admin.getByRole('link', { name: 'wide-deploy' }).click();
    await admin.getByRole('heading', { name: 'Trust policy', exact: true }).waitFor();
    const flagged = admin.locator('ol.policy-lines li.flagged');
    assert.equal(await flagged.count(), 1);
    assert.match(await flagged.innerText(), /"project_path:mygroup\/\*:ref_type:branch:ref:main"[\s\S]*wildcard-in-string-equals/);
    await admin.locator('summary', { hasText: 'artifacts' }).click();
    assert.match(await admin.locator('details[open] ol.policy-lines').innerText(), /"s3:GetObject"/);
    await admin.getByRole('heading', { name: 'Recent decisions' }).waitFor();
    await shot(admin, 'role');

    await admin.goto(`${api}/console/providers`);
    await admin.getByText(stack.env.TRUSTBRIDGE_ISSUER_URL ?? '').first().waitFor();
    await shot(admin, 'providers');
    await admin.getByRole('button', { name: /Run doctor/ }).first().click();
    await admin.getByRole('heading', { name: 'Doctor' }).waitFor();
    assert.match(await admin.locator('main').innerText(), /Discovery|discovery/);
    await shot(admin, 'doctor');
  });

  test('an assumed-role session without permissions sees no roles and no decisions', async () => {
    const assumed = trustbridge(['assume', '--role-arn', stack.env.ROLE_ARN ?? '', '--token', mint('main'), '--format', 'json'], adminEnv(stack));
    assert.equal(assumed.status, 0, assumed.stderr);
    const credentials = (JSON.parse(assumed.stdout) as { Credentials: Record<string, string> }).Credentials;
    const page = await freshBrowser();
    await page.goto(`${api}/console/sign-in`);
    await page.getByLabel('Access key ID').fill(credentials.AccessKeyId ?? '');
    await page.getByLabel('Secret access key').fill(credentials.SecretAccessKey ?? '');
    await page.getByLabel('Session token').fill(credentials.SessionToken ?? '');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('iam:ListTrustbridgeDecisions').waitFor();
    await page.goto(`${api}/console/roles`);
    await page.getByText('not permitted to iam:ListRoles').waitFor();
    assert.doesNotMatch(await page.locator('main').innerText(), /gitlab-deploy/);
    const rows = await page.request.get(`${api}/console/api/decisions`);
    assert.equal(rows.status(), 403);

    // A wrong secret is refused with the same words as an unknown key.
    const other = await freshBrowser();
    await other.goto(`${api}/console/sign-in`);
    await other.getByLabel('Access key ID').fill(stack.env.AWS_ACCESS_KEY_ID ?? '');
    await other.getByLabel('Secret access key').fill('wrong');
    await other.getByRole('button', { name: 'Sign in' }).click();
    await other.getByText('Those credentials were not accepted').waitFor();
  });

  test('a POST without the CSRF token is refused, from the console itself or another site', async () => {
    await admin.goto(`${api}/console/playground`);
    const status = await admin.evaluate(async () => {
      const response = await fetch('/console/playground', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'roleArn=x&source=mint' });
      return response.status;
    });
    assert.equal(status, 403);

    // Another site (localhost is not 127.0.0.1) posts a form to the console.
    const attacker: Server = createServer((_request, response) => {
      response.setHeader('content-type', 'text/html');
      response.end(`<form id="f" method="post" action="${api}/console/sign-out"><input name="x" value="1"></form><script>document.getElementById('f').submit()</script>`);
    });
    await new Promise<void>((done) => attacker.listen(0, '127.0.0.1', done));
    try {
      const refused = admin.waitForResponse((r) => r.url() === `${api}/console/sign-out`);
      await admin.goto(`http://localhost:${(attacker.address() as AddressInfo).port}/`);
      assert.ok([401, 403].includes((await refused).status()));
    } finally {
      attacker.close();
    }
    // Still signed in: the cross-site post changed nothing.
    await admin.goto(`${api}/console/decisions`);
    await admin.getByRole('heading', { name: 'Decisions' }).waitFor();
    await shot(admin, 'decisions');
    await admin.emulateMedia({ colorScheme: 'dark' });
    await shot(admin, 'decisions-dark');
  });
});
