/**
 * Playground: a token — minted here with the local issuer from a job's facts, or pasted — judged
 * against a role by explain (src/diagnostics/explain), with STS's own key source. Nothing is sent
 * to STS and nothing is written to the decision log. "Copy as command" gives the same check as a
 * `trustbridge explain` line.
 */
import { explainAssume } from '../diagnostics/index.js';
import { recordedIssuerUrl } from '../issuer/issuer-settings.js';
import { buildJobContext, type JobInput } from '../issuer/job-input.js';
import { KeyRing } from '../issuer/keyring.js';
import { mintToken } from '../issuer/mint.js';
import type { Access } from './access.js';
import { commandLine, copyableCommand } from './command-line.js';
import type { ConsoleDeps } from './deps.js';
import { html, type Html } from './html.js';
import { csrfField } from './layout.js';
import { roleName } from './decisions-page.js';
import { explanationHtml } from './trace-html.js';

const MAX_FIELD = 512;
const MAX_TOKEN = 16 * 1024;

export interface PlaygroundInput {
  source: 'mint' | 'paste';
  roleArn: string;
  project: string;
  ref: string;
  refType: 'branch' | 'tag';
  refProtected: '' | 'true' | 'false';
  environment: string;
  pipelineSource: string;
  mrIid: string;
  aud: string;
  token: string;
}

export function readPlaygroundInput(form: URLSearchParams): PlaygroundInput {
  const text = (name: string, max = MAX_FIELD): string => (form.get(name) ?? '').trim().slice(0, max);
  const protectedRef = text('refProtected');
  return {
    source: form.get('source') === 'paste' ? 'paste' : 'mint',
    roleArn: text('roleArn', 2048),
    project: text('project') || 'mygroup/myproject',
    ref: text('ref') || 'main',
    refType: form.get('refType') === 'tag' ? 'tag' : 'branch',
    refProtected: protectedRef === 'true' || protectedRef === 'false' ? protectedRef : '',
    environment: text('environment'),
    pipelineSource: text('pipelineSource'),
    mrIid: text('mrIid'),
    aud: text('aud'),
    token: text('token', MAX_TOKEN).replace(/\s+/g, ''),
  };
}

export const DEFAULT_PLAYGROUND: PlaygroundInput = {
  source: 'mint', roleArn: '', project: 'mygroup/myproject', ref: 'main', refType: 'branch', refProtected: '',
  environment: '', pipelineSource: '', mrIid: '', aud: '', token: '',
};

/** `trustbridge token` options that mint the same job. */
function tokenArgs(input: PlaygroundInput): string[] {
  const args = ['trustbridge', 'token', '--project', input.project, '--ref', input.ref];
  if (input.refType !== 'branch') args.push('--ref-type', input.refType);
  if (input.refProtected !== '') args.push('--ref-protected', input.refProtected);
  if (input.environment !== '') args.push('--environment', input.environment);
  if (input.pipelineSource !== '') args.push('--pipeline-source', input.pipelineSource);
  if (input.mrIid !== '') args.push('--mr-iid', input.mrIid);
  if (input.aud !== '') args.push('--aud', input.aud);
  return args;
}

function selected(on: boolean): Html {
  return on ? html` selected` : html``;
}

export function playgroundForm(input: PlaygroundInput, roleArns: readonly string[], csrf: string, canMint: boolean): Html {
  const field = (name: keyof PlaygroundInput, label: string, hint = ''): Html =>
    html`<label>${label}<input name="${name}" value="${input[name]}"${hint !== '' ? html` placeholder="${hint}"` : ''}></label>`;
  return html`<form class="stack" method="post" action="/console/playground" aria-label="Playground">
${csrfField(csrf)}
<label>Role
  ${roleArns.length > 0
    ? html`<select name="roleArn" required>${roleArns.map((arn) => html`<option value="${arn}"${selected(arn === input.roleArn)}>${roleName(arn)}</option>`)}</select>`
    : html`<input name="roleArn" value="${input.roleArn}" required placeholder="arn:aws:iam::000000000000:role/gitlab-deploy">`}
</label>
<fieldset>
  <legend><label class="inline"><input type="radio" name="source" value="mint"${input.source === 'mint' ? html` checked` : ''}${canMint ? '' : html` disabled`}> Mint a token with the local issuer</label></legend>
  ${canMint ? '' : html`<p class="muted">Minting needs an admin key's session and a local issuer (<code>trustbridge up</code>).</p>`}
  ${field('project', 'Project path')}
  ${field('ref', 'Ref')}
  <label>Ref type<select name="refType"><option value="branch"${selected(input.refType === 'branch')}>branch</option><option value="tag"${selected(input.refType === 'tag')}>tag</option></select></label>
  <label>Protected ref<select name="refProtected"><option value=""${selected(input.refProtected === '')}>as GitLab would (default branch only)</option><option value="true"${selected(input.refProtected === 'true')}>true</option><option value="false"${selected(input.refProtected === 'false')}>false</option></select></label>
  ${field('environment', 'Environment', 'production')}
  ${field('pipelineSource', 'Pipeline source', 'push')}
  ${field('mrIid', 'Merge request IID', '7')}
  ${field('aud', 'Audience', 'the issuer URL')}
</fieldset>
<fieldset>
  <legend><label class="inline"><input type="radio" name="source" value="paste"${input.source === 'paste' ? html` checked` : ''}> Paste a token</label></legend>
  <label>ID token<textarea name="token" rows="4" spellcheck="false">${input.token}</textarea></label>
</fieldset>
<button type="submit">Explain</button>
</form>`;
}

export async function runPlayground(deps: ConsoleDeps, access: Access, input: PlaygroundInput, now: Date): Promise<Html> {
  if (input.roleArn === '') return html`<p class="panel error">Pick a role.</p>`;
  if (!(await access.may('GetRole', { RoleName: roleName(input.roleArn) }))) {
    return html`<p class="panel error">Your session is not permitted to <code>iam:GetRole</code> on this role.</p>`;
  }
  let token: string;
  let tokenCommand: string[] | undefined;
  if (input.source === 'mint') {
    const iss = deps.issuerDir === undefined ? undefined : recordedIssuerUrl(deps.issuerDir);
    if (!access.mayMint() || deps.issuerDir === undefined || iss === undefined) {
      return html`<p class="panel error">Minting needs an admin key's session and a local issuer; paste a token instead.</p>`;
    }
    const job: JobInput = { project: input.project, ref: input.ref, refType: input.refType, serverUrl: iss };
    if (input.refProtected !== '') job.refProtected = input.refProtected === 'true';
    if (input.environment !== '') job.environment = input.environment;
    if (input.pipelineSource !== '') job.pipelineSource = input.pipelineSource;
    if (input.mrIid !== '') job.mergeRequestIid = input.mrIid;
    token = mintToken(KeyRing.open(deps.issuerDir), buildJobContext(job), { iss, aud: input.aud === '' ? iss : input.aud });
    tokenCommand = tokenArgs(input);
  } else {
    if (input.token === '') return html`<p class="panel error">Paste a token, or choose to mint one.</p>`;
    token = input.token;
  }
  const report = await explainAssume({ token, roleArn: input.roleArn, directory: deps.store, keys: deps.keys, now, sessionName: 'trustbridge-console' });
  const explain = commandLine(['trustbridge', 'explain', '--role-arn', input.roleArn, '--token']);
  const command = tokenCommand === undefined ? `${explain} ${commandLine([token])}` : `${explain} "$(${commandLine(tokenCommand)})"`;
  return html`<section class="panel" aria-label="Result">
${explanationHtml(report)}
<h2>From a terminal</h2>
${copyableCommand('explain-command', command)}
</section>`;
}

