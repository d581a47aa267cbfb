// A real OpenID Connect provider (oidc-provider) for the single sign-on tests, in a process of its
// own: the package is ESM-only, which jest under Node 20 cannot load. Its sign-in page is the
// package's own development form: any login signs in as the account of that name, whose email is
// the login, verified unless OIDC_TEST_ACCOUNTS says otherwise. Consent is taken as given (a
// council's own application). Prints `READY <issuer>`; SIGTERM stops it.
import { generateKeyPair, exportJWK } from 'jose';
import Provider from 'oidc-provider';

const { OIDC_TEST_PORT, OIDC_TEST_CLIENT_ID, OIDC_TEST_CLIENT_SECRET, OIDC_TEST_REDIRECT_URI, OIDC_TEST_ACCOUNTS = '{}' } = process.env;
/** login -> claims that differ from { email: login, email_verified: true } */
const accounts = JSON.parse(OIDC_TEST_ACCOUNTS);
const issuer = `http://127.0.0.1:${OIDC_TEST_PORT}`;

const { privateKey } = await generateKeyPair('RS256', { extractable: true });
const provider = new Provider(issuer, {
  clients: [{ client_id: OIDC_TEST_CLIENT_ID, client_secret: OIDC_TEST_CLIENT_SECRET, redirect_uris: [OIDC_TEST_REDIRECT_URI], grant_types: ['authorization_code'], response_types: ['code'] }],
  jwks: { keys: [{ ...(await exportJWK(privateKey)), alg: 'RS256', use: 'sig', kid: 'test' }] },
  cookies: { keys: ['oidc-test-cookie-key-not-a-secret'] },
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
  // The claims asked for by scope go in the ID token too, as Entra ID's optional claims do.
  conformIdTokenClaims: false,
  findAccount: (_ctx, login) => ({
    accountId: login,
    claims: () => ({ sub: login, email: login, email_verified: true, name: login.split('@')[0], ...accounts[login] }),
  }),
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope('openid email profile');
    await grant.save();
    return grant;
  },
});
const say = (line) => process.stdout.write(`${line}\n`);
const server = provider.listen(Number(OIDC_TEST_PORT), '127.0.0.1', () => say(`READY ${issuer}`));
process.once('SIGTERM', () => server.close(() => process.exit(0)));
