import { escapeHtml } from '../common/escape-html';
import { OIDC_SIGN_IN_MINUTES, OidcRefusal } from './oidc-sign-in.service';

// The emailed link, and the two small pages it lands on. No scripts: the service's CSP allows
// forms to this site only.

export function signInEmail(url: string, minutes: number): { subject: string; text: string; html: string } {
  return signInMessage(url, { text: 'Sign in', html: '' }, `The link works once, within ${minutes} minutes. If you did not ask, ignore this email: nobody can sign in without it.`);
}

/** To a member whose organisation signs its staff in with their own accounts: no link that would go round it. */
export function singleSignOnEmail(url: string): { subject: string; text: string; html: string } {
  const lead = 'Your organisation signs you in with your work account';
  return signInMessage(url, { text: lead, html: `${lead}: ` }, 'If you did not ask, ignore this email.');
}

function signInMessage(url: string, lead: { text: string; html: string }, after: string): { subject: string; text: string; html: string } {
  const asked = 'Someone, probably you, asked to sign in to Consultation Calendar with this address.';
  const text = `${asked}\n\n${lead.text}: ${url}\n\n${after}\n`;
  const html = `<p>${asked}</p>\n<p>${lead.html}<a href="${escapeHtml(url)}">Sign in to Consultation Calendar</a></p>\n<p>${after}</p>`;
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

/** An organisation code with no single sign-on here. */
export function noSingleSignOnPage(): string {
  return page(
    'No single sign-on',
    `<h1>Your organisation does not sign in here with its own accounts</h1>
    <p><a href="/">Sign in with an emailed link instead</a></p>`,
  );
}

export function providerUnreachablePage(): string {
  return page(
    'Sign-in unavailable',
    `<h1>Your organisation’s sign-in cannot be reached just now</h1>
    <p>Try again in a few minutes, or <a href="/">sign in with an emailed link</a>.</p>`,
  );
}

/** Why signing in through the organisation's identity provider gave no session, in words for the person. */
export function oidcRefusedPage(reason: OidcRefusal, email: string | undefined): string {
  const who = email ? escapeHtml(email) : 'your address';
  const [heading, advice] = ((): [string, string] => {
    switch (reason) {
      case 'not started here':
      case 'expired':
      case 'used':
        return ['This sign-in could not be finished', `It was started in another browser, took longer than ${OIDC_SIGN_IN_MINUTES} minutes, or was finished already.`];
      case 'provider refused':
      case 'provider failed':
        return ['Your organisation’s sign-in did not finish', 'Your organisation’s sign-in service did not confirm who you are.'];
      case 'no email':
      case 'email not verified':
        return ['Your account did not give a verified email address', 'Consultation Calendar knows members by their work email, which your organisation’s sign-in must confirm. Ask your IT team.'];
      case 'email domain not allowed':
        return [`${who} is not an address of your organisation`, 'Sign in with your work account.'];
      case 'not a member':
        return ['You are not a member of Consultation Calendar yet', `Ask your network coordinator to add ${who}, then sign in again.`];
      case 'member of another organisation':
        return [`${who} is a member through another organisation`, 'Sign in through that organisation’s accounts.'];
      case 'member inactive':
        return ['Your membership has ended', 'Ask your network coordinator if you need it again.'];
      default: {
        const unknown: never = reason; // a new reason must be worded here
        throw new Error(`No words for ${String(unknown)}`);
      }
    }
  })();
  return page('Sign-in refused', `<h1>${heading}</h1>\n    <p>${advice}</p>\n    <p><a href="/">Back to sign in</a></p>`);
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en-GB">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)} – Consultation Calendar</title><link rel="stylesheet" href="/styles.css"></head>
<body><main id="main">${body}</main></body>
</html>`;
}
