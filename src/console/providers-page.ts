/**
 * Providers: each OIDC provider's URL, client ids, thumbprints, where its keys come from (the
 * issuer's JWKS, or keys stored with the provider) and STS's last key fetch; a button runs
 * `doctor` (src/oidc/issuer-diagnosis.ts) on it and shows the report.
 */
import { diagnoseIssuer, type CheckStatus, type IssuerDiagnosis } from '../oidc/issuer-diagnosis.js';
import type { OidcProviderRecord } from '../store/records.js';
import type { Access } from './access.js';
import type { ConsoleDeps } from './deps.js';
import { html, type Html } from './html.js';
import { csrfField, notPermitted, time } from './layout.js';

export async function providersPage(deps: ConsoleDeps, access: Access, csrf: string): Promise<Html> {
  if (!(await access.may('ListOpenIDConnectProviders'))) return notPermitted('iam:ListOpenIDConnectProviders');
  const providers = await deps.store.listOidcProviders(deps.accountId);
  if (providers.length === 0) return html`<p class="muted">No OIDC providers yet.</p>`;
  return html`${providers.map((p) => providerPanel(deps, p, csrf))}`;
}

function providerPanel(deps: ConsoleDeps, p: OidcProviderRecord, csrf: string): Html {
  const status = p.staticJwks === null ? deps.keys.fetchStatus(p.url) : undefined;
  return html`<section class="panel" aria-labelledby="p-${p.arn}">
<h2 id="p-${p.arn}"><code>${p.url}</code></h2>
<dl class="facts">
  <dt>ARN</dt><dd><code>${p.arn}</code></dd>
  <dt>Client ids</dt><dd>${p.clientIds.length === 0 ? html`<span class="muted">none</span>` : p.clientIds.map((c, i) => html`${i > 0 ? ', ' : ''}<code>${c}</code>`)}</dd>
  <dt>Thumbprints</dt><dd>${p.thumbprints.length === 0 ? html`<span class="muted">none</span>` : p.thumbprints.map((t, i) => html`${i > 0 ? ', ' : ''}<code>${t}</code>`)}</dd>
  <dt>Key source</dt><dd>${p.staticJwks === null ? 'fetched from the issuer (discovery + JWKS)' : 'static JWKS stored with the provider (nothing is fetched)'}</dd>
  <dt>Last key fetch</dt><dd>${p.staticJwks !== null ? html`<span class="muted">not applicable</span>`
    : status === undefined ? html`<span class="muted">none since this node started</span>`
    : html`<span class="${status.ok ? 'ok' : 'bad'}">${status.ok ? '✓ succeeded' : '✗ failed'}</span> at ${time(status.at)}: ${status.detail}`}</dd>
  <dt>Created</dt><dd>${time(p.createdAt)}</dd>
</dl>
<form method="post" action="/console/providers/doctor">${csrfField(csrf)}<input type="hidden" name="arn" value="${p.arn}"><button type="submit">Run doctor on ${p.url}</button></form>
</section>`;
}

const STATUS_MARK: Record<CheckStatus, Html> = {
  ok: html`<span class="ok">ok</span>`,
  warn: html`<span class="warn">warn</span>`,
  fail: html`<span class="bad">FAIL</span>`,
};

/** Undefined when the provider does not exist; the report otherwise. */
export async function doctorReport(deps: ConsoleDeps, access: Access, arn: string): Promise<Html | undefined> {
  if (!(await access.may('GetOpenIDConnectProvider', { OpenIDConnectProviderArn: arn }))) return notPermitted('iam:GetOpenIDConnectProvider');
  const provider = await deps.store.getOidcProvider(arn);
  if (provider === undefined || provider.accountId !== deps.accountId) return undefined;
  return html`<p><a href="/console/providers">← Providers</a></p>${diagnosisHtml(await diagnoseIssuer(provider.url, { extraCaPems: deps.extraCaPems }))}`;
}

function diagnosisHtml(d: IssuerDiagnosis): Html {
  return html`<p class="panel ${d.healthy ? '' : 'error'}">${d.healthy
    ? html`<span class="ok">Healthy:</span> STS can discover <code>${d.issuer}</code> and verify its tokens.`
    : html`<span class="bad">Not healthy:</span> see FAIL below.`}</p>
<table>
<thead><tr><th scope="col">Status</th><th scope="col">Check</th><th scope="col">Details</th></tr></thead>
<tbody>${d.checks.map((c) => html`<tr><td>${STATUS_MARK[c.status]}</td><td>${c.title}</td><td>
${c.details.map((line) => html`<div>${line}</div>`)}
${c.awsError !== undefined ? html`<div>AWS answers ${c.awsError.operation} with: <code>An error occurred (${c.awsError.code}) when calling the ${c.awsError.operation} operation: ${c.awsError.message}</code></div>` : ''}
${c.fix !== undefined ? html`<div><em>Fix:</em> ${c.fix}</div>` : ''}
</td></tr>`)}</tbody>
</table>`;
}
