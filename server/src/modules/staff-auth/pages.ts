/**
 * Server-rendered pages of the embedded development IdP: the demo staff
 * picker, errors and logout. Swedish, one column, readable at 320 px, every
 * control labelled by its own text. No scripts; the only styles are inline.
 */
import type { StaffLoginRow } from './store.js';

/** Escapes text for HTML element content and double-quoted attributes. */
export function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** Sent with every page: nothing but our inline styles and same-origin forms, never framed. */
export const PAGE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

const STYLE = `
*{box-sizing:border-box}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;font-size:1rem;line-height:1.5;color:#1b1b1b;background:#f4f6f8}
main{max-width:40rem;margin:0 auto;padding:1rem}
h1{font-size:1.5rem;line-height:1.25;margin:0.5rem 0 1rem}
.note{background:#fff4d6;border-left:4px solid #8a5a00;padding:0.75rem 1rem;margin:0 0 1.5rem}
ul{list-style:none;margin:0;padding:0}
li{margin:0 0 0.75rem}
form{margin:0}
button{display:block;width:100%;min-height:44px;padding:0.75rem 1rem;font:inherit;text-align:left;color:#00467a;background:#fff;border:2px solid #00467a;border-radius:6px;cursor:pointer;overflow-wrap:anywhere}
button:hover{background:#e8f1f8}
button:focus-visible{outline:3px solid #1b1b1b;outline-offset:2px}
.name{display:block;font-weight:700}
.meta{display:block;color:#333}
.secondary{margin-top:1.5rem;color:#1b1b1b;border-color:#555;text-align:center}
pre{white-space:pre-wrap;overflow-wrap:anywhere}
`;

function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="sv">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)} – Ingång</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>`;
}

/** The picker: one button per active staff member; pressing it logs in as that member. */
export function demoLoginPage(input: { loginAction: string; abortAction: string; staff: StaffLoginRow[] }): string {
  const title = 'Demo-inloggning för personal (endast utveckling)';
  const items = input.staff
    .map((s) => {
      const units = s.units.length > 0 ? s.units.map((u) => u.name).join(', ') : 'Ingen vårdenhet';
      return `<li><form method="post" action="${escapeHtml(input.loginAction)}">
<input type="hidden" name="accountId" value="${escapeHtml(s.oidcSubject)}">
<button type="submit"><span class="name">${escapeHtml(`${s.givenName} ${s.familyName}`)}</span><span class="meta">${escapeHtml(s.title || 'Personal')}</span><span class="meta">${escapeHtml(units)}</span></button>
</form></li>`;
    })
    .join('\n');
  const list =
    input.staff.length > 0
      ? `<ul aria-label="Demokonton">\n${items}\n</ul>`
      : '<p>Det finns inga aktiva demokonton.</p>';
  return page(
    title,
    `<h1>${escapeHtml(title)}</h1>
<p class="note">Här väljer du vilken demoanvändare du vill logga in som. I drift loggar personal in med regionens inloggningstjänst (SITHS).</p>
${list}
<form method="post" action="${escapeHtml(input.abortAction)}">
<button type="submit" class="secondary">Avbryt inloggningen</button>
</form>`,
  );
}

/** A plain error page; `detail` is the protocol error code, shown for developers. */
export function errorPage(message: string, detail?: string): string {
  return page(
    'Inloggningen gick inte att slutföra',
    `<h1>Inloggningen gick inte att slutföra</h1>
<p>${escapeHtml(message)}</p>
${detail ? `<p>Felkod: <code>${escapeHtml(detail)}</code></p>` : ''}
<p><a href="/staff">Till personalportalen</a></p>`,
  );
}

/** RP-initiated logout confirmation; `form` is the provider's hidden form (id `op.logoutForm`). */
export function logoutPage(form: string): string {
  return page(
    'Logga ut',
    `<h1>Vill du logga ut från demo-inloggningen?</h1>
${form}
<button type="submit" form="op.logoutForm" name="logout" value="yes">Ja, logga ut</button>
<button type="submit" form="op.logoutForm" class="secondary">Nej, förbli inloggad</button>`,
  );
}

/** Shown after a logout that named no return address. */
export function loggedOutPage(): string {
  return page(
    'Utloggad',
    `<h1>Du är utloggad</h1>
<p><a href="/staff">Till personalportalen</a></p>`,
  );
}
