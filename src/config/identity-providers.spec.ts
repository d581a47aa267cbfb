import { parseIdentityProviders } from './identity-providers';

describe('parseIdentityProviders (OIDC_PROVIDERS)', () => {
  const entra = { issuer: 'https://login.microsoftonline.com/0b1c/v2.0', clientId: 'a1b2', clientSecret: 'the-Secret~1', emailDomains: ['Tamworth.gov.uk'] };
  const parse = (value: unknown) => {
    const problems: string[] = [];
    const providers = parseIdentityProviders(typeof value === 'string' ? value : JSON.stringify(value), problems);
    return { providers, problems };
  };

  it('reads each organisation’s provider, domains in lower case, no self-registration unless asked', () => {
    expect(parse({ TBC: entra, SP: { ...entra, issuer: 'http://127.0.0.1:9000', selfRegistration: true } })).toEqual({
      providers: {
        TBC: { ...entra, emailDomains: ['tamworth.gov.uk'], selfRegistration: false },
        SP: { ...entra, issuer: 'http://127.0.0.1:9000', emailDomains: ['tamworth.gov.uk'], selfRegistration: true },
      },
      problems: [],
    });
    expect(parseIdentityProviders(undefined, [])).toEqual({});
  });

  it.each([
    ['{not json', 'OIDC_PROVIDERS must be JSON'],
    [[entra], 'OIDC_PROVIDERS must be a JSON object keyed by organisation code'],
    [{ TBC: { ...entra, issuer: 'http://login.example.org' } }, 'OIDC_PROVIDERS.TBC.issuer must be the provider’s https issuer URL'],
    [{ TBC: { ...entra, clientId: ' ' } }, 'OIDC_PROVIDERS.TBC.clientId must be'],
    [{ TBC: { ...entra, clientSecret: undefined } }, 'OIDC_PROVIDERS.TBC.clientSecret must be'],
    [{ TBC: { ...entra, emailDomains: [] } }, 'OIDC_PROVIDERS.TBC.emailDomains must list'],
    [{ TBC: { ...entra, emailDomains: ['@tamworth.gov.uk'] } }, 'OIDC_PROVIDERS.TBC.emailDomains must list'],
    [{ TBC: { ...entra, selfRegistration: 'yes' } }, 'OIDC_PROVIDERS.TBC.selfRegistration must be true or false'],
    [{ TBC: { ...entra, secret: 'x' } }, 'OIDC_PROVIDERS.TBC.secret is not a setting'],
  ])('refuses %p', (value, problem) => {
    const { providers, problems } = parse(value);
    expect(providers).toEqual({});
    expect(problems).toEqual([expect.stringContaining(problem)]);
  });

  it('never repeats the secret in a problem', () => {
    const { problems } = parse({ TBC: { ...entra, issuer: 'nope' } });
    expect(problems.join()).not.toContain(entra.clientSecret);
  });
});
