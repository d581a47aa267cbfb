import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from './scratch';

export interface OidcProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /**
   * Signs `login` in at the provider, over HTTP as a browser would (its cookies kept), from the
   * authorization URL the service sent the browser to; returns where the provider sends the
   * browser back (the service's callback with code and state).
   */
  signIn(authorizationUrl: string, login: string): Promise<string>;
  /** Everything the provider printed. */
  output(): string;
  stop(): Promise<void>;
}

export interface OidcProviderOptions {
  redirectUri: string;
  /** login -> claims that differ from { email: login, email_verified: true } */
  accounts?: Record<string, Record<string, unknown>>;
}

/** A real OpenID Connect provider (oidc-provider) in a process of its own, on a free port, with one client. */
export async function startOidcProvider({ redirectUri, accounts = {} }: OidcProviderOptions): Promise<OidcProvider> {
  const port = await freePort();
  const clientId = 'consultation-calendar';
  const clientSecret = 'test-client-secret-6a1f09c2d7e84b35';
  const child: ChildProcess = spawn(process.execPath, ['--no-warnings', join(__dirname, 'oidc-provider-child.mjs')], {
    env: { ...process.env, NODE_ENV: 'test', OIDC_TEST_PORT: String(port), OIDC_TEST_CLIENT_ID: clientId, OIDC_TEST_CLIENT_SECRET: clientSecret, OIDC_TEST_REDIRECT_URI: redirectUri, OIDC_TEST_ACCOUNTS: JSON.stringify(accounts) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += String(d)));
  child.stderr!.on('data', (d) => (output += String(d)));
  for (let i = 0; i < 200 && !output.includes('READY ') && child.exitCode === null; i++) await new Promise((r) => setTimeout(r, 50));
  const issuer = /READY (\S+)/.exec(output)?.[1];
  if (!issuer) {
    child.kill('SIGTERM');
    throw new Error(`The OpenID provider did not start:\n${output}`);
  }
  return {
    issuer,
    clientId,
    clientSecret,
    signIn: (authorizationUrl, login) => signInAtProvider(authorizationUrl, login, redirectUri),
    output: () => output,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
  };
}

// The provider's own pages: a redirect to its sign-in form, the form posted, then back to the service.
async function signInAtProvider(authorizationUrl: string, login: string, redirectUri: string): Promise<string> {
  const cookies = new Map<string, string>();
  const request = async (url: string, init: RequestInit = {}) => {
    const response = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), cookie: [...cookies].map(([n, v]) => `${n}=${v}`).join('; ') } });
    for (const set of response.headers.getSetCookie()) {
      const [pair] = set.split(';');
      const at = pair.indexOf('=');
      cookies.set(pair.slice(0, at), pair.slice(at + 1));
    }
    return response;
  };
  let url = authorizationUrl;
  for (let step = 0; step < 10; step++) {
    if (url.startsWith(redirectUri)) return url;
    const response = await request(url);
    const location = response.headers.get('location');
    if (location) {
      url = new URL(location, url).toString();
      continue;
    }
    const form = /<form[^>]*action="([^"]+)"[^>]*>[\s\S]*?name="prompt" value="login"/.exec(await response.text());
    if (!form) throw new Error(`The provider answered ${response.status} at ${url} with no sign-in form`);
    const posted = await request(new URL(form[1], url).toString(), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ prompt: 'login', login, password: 'any' }).toString(),
    });
    url = new URL(posted.headers.get('location')!, url).toString();
  }
  throw new Error('The provider never sent the browser back to the service');
}
