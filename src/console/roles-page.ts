/**
 * Roles: the list (iam:ListRoles), and a role's page (iam:GetRole) with its trust policy
 * formatted and lint-trust's findings on their lines, its permission policies — inline
 * (iam:ListRolePolicies), attached and boundary (iam:ListAttachedRolePolicies) — and its recent
 * decisions (the decision log's permission).
 */
import { lintTrustPolicy } from '../diagnostics/index.js';
import type { RoleRecord } from '../store/records.js';
import type { Access } from './access.js';
import { decisionTable, findDecisions } from './decisions-page.js';
import type { ConsoleDeps } from './deps.js';
import { html, type Html } from './html.js';
import { notPermitted, time } from './layout.js';
import { formattedPolicy, policyWithFindings } from './policy-lines.js';

const RECENT_DECISIONS = 20;

export async function rolesPage(deps: ConsoleDeps, access: Access): Promise<Html> {
  if (!(await access.may('ListRoles'))) return notPermitted('iam:ListRoles');
  const roles = await deps.store.listRoles(deps.accountId);
  if (roles.length === 0) return html`<p class="muted">No roles yet.</p>`;
  return html`<table>
<thead><tr><th scope="col">Name</th><th scope="col">ARN</th><th scope="col">Created (UTC)</th><th scope="col">Description</th></tr></thead>
<tbody>${roles.map((r) => html`<tr><td><a href="/console/roles/${encodeURIComponent(r.roleName)}">${r.roleName}</a></td><td><code>${r.arn}</code></td><td>${time(r.createdAt)}</td><td>${r.description ?? ''}</td></tr>`)}</tbody>
</table>`;
}

/** Undefined when the role does not exist (or the session may not know it exists). */
export async function rolePage(deps: ConsoleDeps, access: Access, name: string): Promise<{ title: string; body: Html } | undefined> {
  if (!(await access.may('GetRole', { RoleName: name }))) return { title: `Role ${name}`, body: notPermitted('iam:GetRole') };
  const role = await deps.store.getRole(deps.accountId, name);
  if (role === undefined) return undefined;
  const findings = lintTrustPolicy(role.assumeRolePolicyDocument);
  return {
    title: `Role ${role.roleName}`,
    body: html`<p><a href="/console/roles">← All roles</a></p>
<dl class="facts">
  <dt>ARN</dt><dd><code>${role.arn}</code></dd>
  <dt>Role id</dt><dd><code>${role.roleId}</code></dd>
  <dt>Created</dt><dd>${time(role.createdAt)}</dd>
  <dt>Max session</dt><dd>${role.maxSessionDuration} s</dd>
  ${role.description !== null ? html`<dt>Description</dt><dd>${role.description}</dd>` : ''}
</dl>
<h2>Trust policy</h2>
<p class="muted">${findings.length === 0 ? 'lint-trust: no findings.' : `lint-trust: ${findings.length} finding(s), shown on their lines.`}</p>
${policyWithFindings(role.assumeRolePolicyDocument, findings)}
<h2>Permission policies</h2>
${await permissionPolicies(deps, access, role)}
<h2>Recent decisions</h2>
${(await access.mayReadDecisions())
  ? decisionTable(await findDecisions(deps, { denied: false, role: role.arn, subject: '', since: '', until: '' }).then((rows) => rows.slice(0, RECENT_DECISIONS)))
  : notPermitted('iam:ListTrustbridgeDecisions')}`,
  };
}

async function permissionPolicies(deps: ConsoleDeps, access: Access, role: RoleRecord): Promise<Html> {
  const sections: Html[] = [];
  if (await access.may('ListRolePolicies', { RoleName: role.roleName })) {
    const inline = await deps.store.listRolePolicies(role.roleId);
    sections.push(html`<h3>Inline</h3>${inline.length === 0 ? html`<p class="muted">None.</p>` : inline.map((p) => html`<details><summary><code>${p.policyName}</code></summary>${formattedPolicy(p.document)}</details>`)}`);
  } else {
    sections.push(html`<h3>Inline</h3>${notPermitted('iam:ListRolePolicies')}`);
  }
  if (await access.may('ListAttachedRolePolicies', { RoleName: role.roleName })) {
    const attached = await deps.store.listAttachedRolePolicies(role.roleId);
    const documents = await Promise.all(attached.map((p) => deps.store.getManagedPolicyDocument(p.policyArn)));
    sections.push(html`<h3>Attached</h3>${attached.length === 0 ? html`<p class="muted">None.</p>` : attached.map((p, i) => html`<details><summary><code>${p.policyArn}</code></summary>${documents[i] !== undefined ? formattedPolicy(documents[i]!) : html`<p class="muted">Document not available.</p>`}</details>`)}`);
    const boundary = role.permissionsBoundaryArn;
    const boundaryDocument = boundary === null ? undefined : await deps.store.getManagedPolicyDocument(boundary);
    sections.push(html`<h3>Permissions boundary</h3>${boundary === null ? html`<p class="muted">None.</p>` : html`<details><summary><code>${boundary}</code></summary>${boundaryDocument !== undefined ? formattedPolicy(boundaryDocument) : html`<p class="muted">Document not available.</p>`}</details>`}`);
  } else {
    sections.push(html`<h3>Attached and boundary</h3>${notPermitted('iam:ListAttachedRolePolicies')}`);
  }
  return html`${sections}`;
}
