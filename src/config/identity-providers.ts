// Single sign-on: each organisation's OpenID Connect provider, from OIDC_PROVIDERS (JSON keyed by
// organisation code). Set by the operator rather than by a coordinator through the API, so that
// a coordinator's account, if taken over, cannot point an organisation's sign-in at a provider of
// its own choosing; and so that client secrets live only in the deployment's configuration, never
// in the database, its backups or an API answer.

export interface IdentityProviderConfig {
  /** The provider's issuer, as its discovery document gives it (Entra ID: https://login.microsoftonline.com/<tenant>/v2.0). */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Lower-case email domains the provider may vouch for; an address elsewhere is refused. */
  emailDomains: string[];
  /** Whether a person with a verified address at one of emailDomains who is no member yet joins as a VIEWER. */
  selfRegistration: boolean;
}

export type IdentityProviders = Record<string, IdentityProviderConfig>;

const DOMAIN = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$/;
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** The providers in `raw` (OIDC_PROVIDERS); what is wrong goes into `problems`, never repeating a secret. */
export function parseIdentityProviders(raw: string | undefined, problems: string[]): IdentityProviders {
  const providers: IdentityProviders = {};
  if (raw === undefined) return providers;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    problems.push('OIDC_PROVIDERS must be JSON: an object keyed by organisation code, such as {"TBC": {"issuer": "https://…", "clientId": "…", "clientSecret": "…", "emailDomains": ["tamworth.gov.uk"]}}');
    return providers;
  }
  if (!isObject(parsed)) {
    problems.push('OIDC_PROVIDERS must be a JSON object keyed by organisation code');
    return providers;
  }
  for (const [code, entry] of Object.entries(parsed)) {
    const at = `OIDC_PROVIDERS.${code}`;
    if (!isObject(entry)) {
      problems.push(`${at} must be an object with issuer, clientId, clientSecret and emailDomains`);
      continue;
    }
    const before = problems.length;
    const issuer = issuerUrl(entry.issuer, `${at}.issuer`, problems);
    if (typeof entry.clientId !== 'string' || !entry.clientId.trim()) problems.push(`${at}.clientId must be the client (application) id the provider gave`);
    if (typeof entry.clientSecret !== 'string' || !entry.clientSecret.trim()) problems.push(`${at}.clientSecret must be the client secret the provider gave`);
    const domains = Array.isArray(entry.emailDomains) ? entry.emailDomains.map((d) => (typeof d === 'string' ? d.trim().toLowerCase() : '')) : [];
    if (domains.length === 0 || domains.some((d) => !DOMAIN.test(d))) problems.push(`${at}.emailDomains must list the organisation's email domains, such as ["tamworth.gov.uk"]`);
    if (entry.selfRegistration !== undefined && typeof entry.selfRegistration !== 'boolean') problems.push(`${at}.selfRegistration must be true or false`);
    const known = new Set(['issuer', 'clientId', 'clientSecret', 'emailDomains', 'selfRegistration']);
    for (const name of Object.keys(entry).filter((n) => !known.has(n))) problems.push(`${at}.${name} is not a setting (issuer, clientId, clientSecret, emailDomains, selfRegistration)`);
    if (problems.length > before) continue;
    providers[code] = { issuer: issuer!, clientId: (entry.clientId as string).trim(), clientSecret: entry.clientSecret as string, emailDomains: domains, selfRegistration: entry.selfRegistration === true };
  }
  return providers;
}

/** https, or http on this machine only (a provider run locally to try the service, or the tests'). */
function issuerUrl(value: unknown, name: string, problems: string[]): string | undefined {
  try {
    const url = new URL(String(value));
    if (url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname))) return String(value); // exactly as the provider names itself: discovery checks it
  } catch {
    // reported below
  }
  problems.push(`${name} must be the provider’s https issuer URL, such as https://login.microsoftonline.com/<tenant>/v2.0`);
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
