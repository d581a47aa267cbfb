/** Why an identity provider's word is not enough to sign someone in. */
export type ClaimsRefusal = 'no email' | 'email not verified' | 'email domain not allowed';

export type Vouched = { ok: true; email: string; name: string | undefined } | { ok: false; reason: ClaimsRefusal; email?: string };

/**
 * The email address an ID token vouches for, if the provider says it verified it and it is at one
 * of the organisation's domains. Verified means `email_verified` (the OpenID Connect claim), or
 * `xms_edov` (Microsoft Entra ID's "email domain owner verified", an optional claim: Entra never
 * sends email_verified, and a guest or an unverified address can otherwise carry any email).
 */
export function vouchedEmail(claims: Record<string, unknown>, emailDomains: readonly string[]): Vouched {
  const email = typeof claims.email === 'string' ? claims.email.trim() : '';
  if (!/^[^\s@]+@[^\s@]+$/.test(email) || email.length > 320) return { ok: false, reason: 'no email' };
  if (!isTrue(claims.email_verified) && !isTrue(claims.xms_edov)) return { ok: false, reason: 'email not verified', email };
  const domain = email.slice(email.lastIndexOf('@') + 1).toLowerCase();
  if (!emailDomains.includes(domain)) return { ok: false, reason: 'email domain not allowed', email };
  const name = typeof claims.name === 'string' && claims.name.trim() ? claims.name.trim().slice(0, 200) : undefined;
  return { ok: true, email, name };
}

// Some providers send booleans as strings ("true").
function isTrue(value: unknown): boolean {
  return value === true || value === 'true';
}
