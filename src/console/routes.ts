/**
 * The console under /console/ on the API port. Every page is rendered on the server; the only
 * script and stylesheet are served from here. The signed-out get the sign-in page (401), or a
 * 401 from /console/api/; every POST needs the CSRF token of the session (or, for sign-in, of
 * the pre-session cookie); the rest of the API port (POST /, GET /) is untouched.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Access } from './access.js';
import { CONSOLE_CSS } from './assets/console-css.js';
import { CONSOLE_JS } from './assets/console-js.js';
import { decisionPage } from './decision-page.js';
import { decisionsPage, newDecisionRows, readFilters } from './decisions-page.js';
import type { ConsoleDeps, Viewer } from './deps.js';
import { html, type Html } from './html.js';
import { page, type Section } from './layout.js';
import { DEFAULT_PLAYGROUND, playgroundForm, readPlaygroundInput, runPlayground } from './playground-page.js';
import { doctorReport, providersPage } from './providers-page.js';
import { rolePage, rolesPage } from './roles-page.js';
import {
  PRE_SESSION_COOKIE,
  SESSION_COOKIE,
  SessionKeys,
  clearedCookie,
  newNonce,
  parseCookies,
  preSessionCookie,
  sameSecret,
  sessionCookie,
  type ConsoleSession,
} from './session.js';
import { checkSignInToken } from './sign-in-link.js';
import { linkPage, signInPage } from './sign-in-page.js';

const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  // same-origin, not no-referrer: with no-referrer, browsers send `Origin: null` on the console's own form posts.
  'referrer-policy': 'same-origin',
  'x-frame-options': 'DENY',
  'cache-control': 'no-store',
};

interface Signed {
  viewer: Viewer;
  session: ConsoleSession;
}

export function registerConsole(app: FastifyInstance, deps: ConsoleDeps): void {
  const keys = new SessionKeys(deps.masterKey);
  const now = deps.now ?? (() => new Date());
  const secure = (request: FastifyRequest): boolean => request.protocol === 'https';

  const sendHtml = (reply: FastifyReply, status: number, body: Html): FastifyReply =>
    reply.code(status).header('content-type', 'text/html; charset=utf-8').send(body.text);

  /** The signed-in user, re-resolved like a SigV4 credential on every request. */
  async function signedIn(request: FastifyRequest): Promise<Signed | undefined> {
    const sealed = parseCookies(request.headers.cookie).get(SESSION_COOKIE);
    if (sealed === undefined || sealed === '') return undefined;
    const session = keys.open(sealed, now());
    if (session === undefined) return undefined;
    try {
      const { caller } = await deps.resolveCredential(session.accessKeyId, session.sessionToken, now());
      if (caller.kind === 'anonymous') return undefined;
      return { session, viewer: { caller, csrf: keys.csrfToken(session.nonce, 'session'), sourceIp: request.ip } };
    } catch {
      return undefined;
    }
  }

  /** The sign-in page with a fresh pre-session nonce for its CSRF token. */
  function showSignIn(request: FastifyRequest, reply: FastifyReply, status: number, form: 'keys' | 'link', problem?: string): FastifyReply {
    const nonce = newNonce();
    reply.header('set-cookie', preSessionCookie(nonce, secure(request)));
    const csrf = keys.csrfToken(nonce, 'pre');
    return sendHtml(reply, status, form === 'keys' ? signInPage(csrf, problem) : linkPage(csrf, problem));
  }

  function formOf(request: FastifyRequest): URLSearchParams | undefined {
    const type = String(request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/x-www-form-urlencoded' || !Buffer.isBuffer(request.body)) return undefined;
    return new URLSearchParams(request.body.toString('utf8'));
  }

  /**
   * A browser's Origin, when sent, must name this console's host. The scheme is not compared: behind
   * a TLS-terminating proxy the browser says https while this server sees http.
   */
  function sameOrigin(request: FastifyRequest): boolean {
    const origin = request.headers.origin;
    if (origin === undefined) return true;
    try {
      return new URL(origin).host === request.headers.host;
    } catch {
      return false;
    }
  }

  function preSessionValid(request: FastifyRequest, form: URLSearchParams): boolean {
    const nonce = parseCookies(request.headers.cookie).get(PRE_SESSION_COOKIE);
    return nonce !== undefined && nonce !== '' && sameOrigin(request) && keys.csrfValid(nonce, 'pre', form.get('csrf') ?? undefined);
  }

  function startSession(request: FastifyRequest, reply: FastifyReply, accessKeyId: string, sessionToken: string | undefined): FastifyReply {
    const session = keys.newSession(accessKeyId, sessionToken, now());
    reply.header('set-cookie', [sessionCookie(keys.seal(session), secure(request)), clearedCookie(PRE_SESSION_COOKIE, secure(request))]);
    return reply.code(303).header('location', '/console/decisions').send('');
  }

  type PageHandler = (signed: Signed, access: Access, request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply>;

  /** Pages and API for the signed-in; the signed-out get the sign-in page or a 401. POSTs need the CSRF token. */
  const guarded = (handler: PageHandler) => async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    const signed = await signedIn(request);
    if (signed === undefined) {
      if (request.url.startsWith('/console/api/') || request.method !== 'GET') {
        return reply.code(401).header('content-type', 'application/json').send(JSON.stringify({ error: 'sign in first: /console/sign-in' }));
      }
      return showSignIn(request, reply, 401, 'keys');
    }
    if (request.method === 'POST') {
      const form = formOf(request);
      if (form === undefined || !sameOrigin(request) || !keys.csrfValid(signed.session.nonce, 'session', form.get('csrf') ?? undefined)) {
        return reply.code(403).header('content-type', 'text/plain; charset=utf-8').send('Refused: this form did not come from the console (missing or wrong CSRF token). Reload the page and try again.');
      }
    }
    return handler(signed, new Access(deps, signed.viewer, now()), request, reply);
  };

  const show = (reply: FastifyReply, signed: Signed, section: Section, title: string, body: Html, status = 200): FastifyReply =>
    sendHtml(reply, status, page(signed.viewer, section, title, body));

  const notFound = (reply: FastifyReply, signed: Signed, section: Section, what: string): FastifyReply =>
    show(reply, signed, section, 'Not found', html`<p>${what}</p>`, 404);

  app.register(async (scope) => {
    scope.addHook('onSend', async (_request, reply, payload) => {
      for (const [name, value] of Object.entries(SECURITY_HEADERS)) if (!reply.hasHeader(name)) reply.header(name, value);
      return payload;
    });
    scope.setErrorHandler((error, request, reply) => {
      request.log.error({ err: error }, 'console request failed');
      const status = (error as { statusCode?: number }).statusCode;
      const clientError = status !== undefined && status >= 400 && status < 500;
      return reply.code(clientError ? status : 500).header('content-type', 'text/plain; charset=utf-8')
        .send(clientError ? 'Bad request.' : 'Something went wrong on the server; the log has the details.');
    });

    scope.get('/assets/console.css', async (_request, reply) =>
      reply.header('content-type', 'text/css; charset=utf-8').header('cache-control', 'no-cache').send(CONSOLE_CSS));
    scope.get('/assets/console.js', async (_request, reply) =>
      reply.header('content-type', 'text/javascript; charset=utf-8').header('cache-control', 'no-cache').send(CONSOLE_JS));

    scope.get('/', guarded(async (_s, _a, _request, reply) => reply.code(303).header('location', '/console/decisions').send('')));

    scope.get('/sign-in', async (request, reply) => {
      if ((await signedIn(request)) !== undefined) return reply.code(303).header('location', '/console/decisions').send('');
      return showSignIn(request, reply, 200, 'keys');
    });
    scope.post('/sign-in', async (request, reply) => {
      const form = formOf(request);
      if (form === undefined || !preSessionValid(request, form)) return showSignIn(request, reply, 403, 'keys', 'The form expired or did not come from this console. Try again.');
      const accessKeyId = (form.get('accessKeyId') ?? '').trim();
      const secret = form.get('secretAccessKey') ?? '';
      const sessionToken = (form.get('sessionToken') ?? '').replace(/\s+/g, '');
      try {
        const resolved = await deps.resolveCredential(accessKeyId, sessionToken === '' ? undefined : sessionToken, now());
        if (resolved.caller.kind !== 'anonymous' && sameSecret(resolved.secretAccessKey, secret)) {
          return startSession(request, reply, accessKeyId, sessionToken === '' ? undefined : sessionToken);
        }
      } catch {
        // Unknown key, expired or forged session token: the same answer as a wrong secret.
      }
      return showSignIn(request, reply, 401, 'keys', 'Those credentials were not accepted: check the access key ID, the secret access key and, for assumed-role credentials, the session token.');
    });

    scope.get('/link', async (request, reply) => showSignIn(request, reply, 200, 'link'));
    scope.post('/link', async (request, reply) => {
      const form = formOf(request);
      if (form === undefined || !preSessionValid(request, form)) return showSignIn(request, reply, 403, 'link', 'The form expired or did not come from this console. Open the link again.');
      const claim = checkSignInToken(deps.masterKey, form.get('token') ?? '', now());
      const adminKey = (await deps.store.listAccessKeys(deps.accountId)).find((k) => k.status === 'Active');
      if (claim === undefined || adminKey === undefined || !(await deps.store.useConsoleLinkOnce(claim.nonce, claim.expiresAt, now()))) {
        return showSignIn(request, reply, 401, 'link', 'This sign-in link is not valid: links work once and expire after 10 minutes. Get a fresh one with `trustbridge console-link`.');
      }
      return startSession(request, reply, adminKey.accessKeyId, undefined);
    });

    scope.post('/sign-out', guarded(async (_signed, _access, request, reply) => {
      reply.header('set-cookie', clearedCookie(SESSION_COOKIE, secure(request)));
      return reply.code(303).header('location', '/console/sign-in').send('');
    }));

    scope.get('/decisions', guarded(async (signed, access, request, reply) => {
      if (!(await access.mayReadDecisions())) return show(reply, signed, 'decisions', 'Decisions', html`<p class="panel notice">The decision log needs the permission of <code>iam:ListTrustbridgeDecisions</code> (admin keys).</p>`);
      const query = new URLSearchParams(request.url.split('?')[1] ?? '');
      const roleNames = (await access.may('ListRoles')) ? (await deps.store.listRoles(deps.accountId)).map((r) => r.roleName) : [];
      return show(reply, signed, 'decisions', 'Decisions', await decisionsPage(deps, readFilters(query), roleNames));
    }));
    scope.get<{ Params: { id: string } }>('/decisions/:id', guarded(async (signed, access, request, reply) => {
      if (!(await access.mayReadDecisions())) return show(reply, signed, 'decisions', 'Decision', html`<p class="panel notice">The decision log needs the permission of <code>iam:ListTrustbridgeDecisions</code>.</p>`, 403);
      const id = (request.params as { id: string }).id;
      const body = await decisionPage(deps, id);
      return body === undefined ? notFound(reply, signed, 'decisions', `No decision ${id} in this account's log.`) : show(reply, signed, 'decisions', 'Decision', body);
    }));
    scope.get('/api/decisions', guarded(async (_signed, access, request, reply) => {
      if (!(await access.mayReadDecisions())) return reply.code(403).header('content-type', 'application/json').send(JSON.stringify({ error: 'not permitted: iam:ListTrustbridgeDecisions' }));
      const query = new URLSearchParams(request.url.split('?')[1] ?? '');
      return reply.header('content-type', 'application/json').send(JSON.stringify(await newDecisionRows(deps, readFilters(query), query.get('after'))));
    }));

    scope.get('/roles', guarded(async (signed, access, _request, reply) => show(reply, signed, 'roles', 'Roles', await rolesPage(deps, access))));
    scope.get<{ Params: { name: string } }>('/roles/:name', guarded(async (signed, access, request, reply) => {
      const name = (request.params as { name: string }).name;
      const found = await rolePage(deps, access, name);
      return found === undefined ? notFound(reply, signed, 'roles', `No role named ${name}.`) : show(reply, signed, 'roles', found.title, found.body);
    }));

    scope.get('/providers', guarded(async (signed, access, _request, reply) => show(reply, signed, 'providers', 'Providers', await providersPage(deps, access, signed.viewer.csrf))));
    scope.post('/providers/doctor', guarded(async (signed, access, request, reply) => {
      const arn = formOf(request)?.get('arn') ?? '';
      const report = await doctorReport(deps, access, arn);
      return report === undefined ? notFound(reply, signed, 'providers', 'No such provider.') : show(reply, signed, 'providers', 'Doctor', report);
    }));

    const playground = async (signed: Signed, access: Access, form: URLSearchParams | undefined): Promise<Html> => {
      const roles = (await access.may('ListRoles')) ? (await deps.store.listRoles(deps.accountId)).map((r) => r.arn) : [];
      const input = form === undefined ? { ...DEFAULT_PLAYGROUND, roleArn: roles[0] ?? '' } : readPlaygroundInput(form);
      const canMint = access.mayMint() && deps.issuerDir !== undefined;
      if (!canMint && form === undefined) input.source = 'paste';
      const result = form === undefined ? html`` : await runPlayground(deps, access, input, now());
      return html`<p class="muted">Judge a token against a role exactly as STS would — without calling STS or writing the decision log.</p>
<div class="grid2"><div>${playgroundForm(input, roles, signed.viewer.csrf, canMint)}</div><div id="result">${result}</div></div>`;
    };
    scope.get('/playground', guarded(async (signed, access, _request, reply) => show(reply, signed, 'playground', 'Playground', await playground(signed, access, undefined))));
    scope.post('/playground', guarded(async (signed, access, request, reply) => show(reply, signed, 'playground', 'Playground', await playground(signed, access, formOf(request)))));

    // Anything else under /console/: not found for the signed-in, the sign-in page for the rest.
    scope.route({ method: ['GET', 'POST'], url: '/*', handler: guarded(async (signed, _access, _request, reply) => notFound(reply, signed, 'decisions', 'There is no such console page.')) });
  }, { prefix: '/console' });
}
