import { Inject, Injectable } from '@nestjs/common';
import * as oidc from 'openid-client';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.token';
import { IdentityProviderConfig } from '../config/identity-providers';

/** The seconds a request to an identity provider may take (discovery, the code's exchange, its keys). */
const PROVIDER_TIMEOUT_SECONDS = 10;

/**
 * The OpenID Connect client of each organisation's identity provider, discovered on first use and
 * kept (openid-client fetches the provider's keys again when it meets one it does not know).
 * A failed discovery is not kept: the next sign-in tries again.
 */
@Injectable()
export class OidcClients {
  private readonly discovered = new Map<string, Promise<oidc.Configuration>>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** The organisation's provider, if it has one. */
  provider(organisationCode: string): IdentityProviderConfig | undefined {
    return Object.hasOwn(this.config.identityProviders, organisationCode) ? this.config.identityProviders[organisationCode] : undefined;
  }

  /** The codes of the organisations that sign in through their own provider. */
  organisationCodes(): string[] {
    return Object.keys(this.config.identityProviders);
  }

  client(organisationCode: string): Promise<oidc.Configuration> {
    let client = this.discovered.get(organisationCode);
    if (!client) {
      client = discover(this.provider(organisationCode)!);
      this.discovered.set(organisationCode, client);
      client.catch(() => this.discovered.delete(organisationCode));
    }
    return client;
  }

  /** Where the provider sends the browser back, the same for every organisation (state says whose sign-in it is). */
  redirectUri(): string {
    return `${this.config.publicBaseUrl}/auth/oidc/callback`;
  }
}

async function discover(provider: IdentityProviderConfig): Promise<oidc.Configuration> {
  // http is allowed only for a provider on this machine (the configuration refuses it elsewhere).
  const local = new URL(provider.issuer).protocol === 'http:';
  return oidc.discovery(new URL(provider.issuer), provider.clientId, undefined, oidc.ClientSecretBasic(provider.clientSecret), {
    timeout: PROVIDER_TIMEOUT_SECONDS,
    execute: local ? [oidc.allowInsecureRequests] : [],
  });
}
