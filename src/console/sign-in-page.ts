/** The only pages the signed-out see: sign in with an access key, or with a one-time link. */
import { html, type Html } from './html.js';
import { bareLayout, csrfField } from './layout.js';

export function signInPage(csrf: string, problem?: string): Html {
  return bareLayout('Sign in to Trustbridge', html`
${problem !== undefined ? html`<p class="panel error" role="alert">${problem}</p>` : ''}
<form class="stack" method="post" action="/console/sign-in">
  ${csrfField(csrf)}
  <label for="access-key-id">Access key ID</label>
  <input id="access-key-id" name="accessKeyId" autocomplete="username" required spellcheck="false">
  <label for="secret-access-key">Secret access key</label>
  <input id="secret-access-key" name="secretAccessKey" type="password" autocomplete="current-password" required>
  <label for="session-token">Session token <span class="muted">(optional, for assumed-role credentials)</span></label>
  <textarea id="session-token" name="sessionToken" rows="3" spellcheck="false"></textarea>
  <button type="submit">Sign in</button>
</form>
<p class="muted">Or open the one-time link that <code>trustbridge up</code> prints, or get a fresh one with <code>trustbridge console-link</code>.</p>`);
}

export function linkPage(csrf: string, problem?: string): Html {
  return bareLayout('Sign in with a one-time link', html`
${problem !== undefined ? html`<p class="panel error" role="alert">${problem}</p>` : ''}
<form class="stack" method="post" action="/console/link">
  ${csrfField(csrf)}
  <input type="hidden" id="link-token" name="token" value="">
  <p>This link signs you in once, as the account's administrator, and expires 10 minutes after it was made.</p>
  <button type="submit" id="use-link">Sign in</button>
</form>
<p><a href="/console/sign-in">Sign in with an access key instead</a></p>`);
}
