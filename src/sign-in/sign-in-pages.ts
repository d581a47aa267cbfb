import { escapeHtml } from '../common/escape-html';

// The emailed link, and the two small pages it lands on. No scripts: the service's CSP allows
// forms to this site only.

export function signInEmail(url: string, minutes: number): { subject: string; text: string; html: string } {
  const text = `Someone, probably you, asked to sign in to Consultation Calendar with this address.

Sign in: ${url}

The link works once, within ${minutes} minutes. If you did not ask, ignore this email: nobody can sign in without it.
`;
  const html = `<p>Someone, probably you, asked to sign in to Consultation Calendar with this address.</p>
<p><a href="${escapeHtml(url)}">Sign in to Consultation Calendar</a></p>
<p>The link works once, within ${minutes} minutes. If you did not ask, ignore this email: nobody can sign in without it.</p>`;
  return { subject: 'Sign in to Consultation Calendar', text, html };
}

/**
 * Opening the link shows a button rather than signing in: mail scanners (Microsoft Defender's
 * Safe Links among them) open every link in a message first, and would use a one-time link up.
 */
export function confirmPage(token: string): string {
  return page(
    'Sign in',
    `<h1>Sign in to Consultation Calendar</h1>
    <form method="post" action="/auth/email-link/${encodeURIComponent(token)}">
      <button type="submit">Sign in</button>
    </form>`,
  );
}

export function refusedPage(): string {
  return page(
    'Sign-in link not valid',
    `<h1>This sign-in link cannot be used</h1>
    <p>It has expired, or it has been used already, or it is not a link we sent. Each link works once, for a short time.</p>
    <p><a href="/">Ask for a new link</a></p>`,
  );
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en-GB">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)} – Consultation Calendar</title><link rel="stylesheet" href="/styles.css"></head>
<body><main id="main">${body}</main></body>
</html>`;
}
