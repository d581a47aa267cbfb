import { vouchedEmail } from './oidc-claims';

describe('vouchedEmail', () => {
  const domains = ['tamworth.gov.uk'];

  it.each([
    [{ email: 'Pat.Lee@Tamworth.gov.uk', email_verified: true, name: ' Pat Lee ' }, { ok: true, email: 'Pat.Lee@Tamworth.gov.uk', name: 'Pat Lee' }],
    [{ email: 'pat@tamworth.gov.uk', email_verified: 'true' }, { ok: true, email: 'pat@tamworth.gov.uk', name: undefined }],
    // Entra ID: no email_verified, but the optional claim xms_edov
    [{ email: 'pat@tamworth.gov.uk', xms_edov: true }, { ok: true, email: 'pat@tamworth.gov.uk', name: undefined }],
  ])('vouches for %p', (claims, expected) => expect(vouchedEmail(claims, domains)).toEqual(expected));

  it.each([
    [{}, 'no email'],
    [{ email: 'not an address', email_verified: true }, 'no email'],
    [{ email: 'pat@tamworth.gov.uk' }, 'email not verified'],
    [{ email: 'pat@tamworth.gov.uk', email_verified: false, xms_edov: false }, 'email not verified'],
    [{ email: 'pat@tamworth.gov.uk', email_verified: 1 }, 'email not verified'],
    [{ email: 'pat@gmail.com', email_verified: true }, 'email domain not allowed'],
    [{ email: 'pat@evil.tamworth.gov.uk', email_verified: true }, 'email domain not allowed'],
    [{ email: 'pat@tamworth.gov.uk.evil.example', email_verified: true }, 'email domain not allowed'],
  ])('refuses %p: %s', (claims, reason) => expect(vouchedEmail(claims, domains)).toMatchObject({ ok: false, reason }));
});
