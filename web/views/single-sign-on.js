import { html } from '../html.js';

// On the sign-in page: a link for each organisation whose staff sign in with their own accounts
// (single sign-on). The page asked for (a digest's consultation, say) goes along as `next`, and the
// service comes back to it once signed in. Nothing is shown where no organisation has one.
export async function showSingleSignOn(container, next) {
  const response = await fetch('/auth/oidc/organisations').catch(() => undefined);
  const organisations = response?.ok ? await response.json() : [];
  if (!organisations.length) return;
  container.innerHTML = html`
    <h2 class="govuk-heading-m">With your organisation’s account</h2>
    <ul class="govuk-list">${organisations.map(
      (o) => html`<li><a class="govuk-button" href="/auth/oidc/${encodeURIComponent(o.code)}/start?next=${encodeURIComponent(next)}">Sign in with ${o.name}</a></li>`,
    )}</ul>
    <h2 class="govuk-heading-m">Or with an emailed link</h2>`;
}
