/** The page shell every console page shares: head, skip link, navigation, who is signed in. */
import { html, type Html } from './html.js';
import type { Viewer } from './deps.js';

export type Section = 'decisions' | 'roles' | 'providers' | 'playground';

const SECTIONS: ReadonlyArray<[Section, string, string]> = [
  ['decisions', 'Decisions', '/console/decisions'],
  ['roles', 'Roles', '/console/roles'],
  ['providers', 'Providers', '/console/providers'],
  ['playground', 'Playground', '/console/playground'],
];

function head(title: string): Html {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Trustbridge</title>
<link rel="stylesheet" href="/console/assets/console.css">
<script src="/console/assets/console.js" defer></script>
</head>`;
}

export function page(viewer: Viewer, section: Section, title: string, body: Html): Html {
  const nav = SECTIONS.map(([id, label, href]) =>
    html`<a href="${href}"${id === section ? html` aria-current="page"` : ''}>${label}</a>`);
  return html`${head(title)}
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="top">
  <span class="brand">Trustbridge</span>
  <nav aria-label="Console">${nav}</nav>
  <div class="who"><span title="Signed in as">${viewer.caller.arn}</span>
    <form method="post" action="/console/sign-out">${csrfField(viewer.csrf)}<button type="submit" class="secondary">Sign out</button></form>
  </div>
</header>
<main id="main">
<h1>${title}</h1>
${body}
</main>
</body>
</html>`;
}

/** A page for the signed-out: sign-in and the one-time link. */
export function bareLayout(title: string, body: Html): Html {
  return html`${head(title)}
<body>
<main id="main" class="signin">
<h1>${title}</h1>
${body}
</main>
</body>
</html>`;
}

export function csrfField(token: string): Html {
  return html`<input type="hidden" name="csrf" value="${token}">`;
}

export function notPermitted(action: string): Html {
  return html`<p class="panel notice">Your session is not permitted to <code>${action}</code>, so there is nothing to show here.</p>`;
}

export function time(date: Date | string): Html {
  const iso = typeof date === 'string' ? date : date.toISOString();
  return html`<time datetime="${iso}">${iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z')}</time>`;
}
