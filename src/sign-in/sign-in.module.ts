import { Module } from '@nestjs/common';
import { DigestModule } from '../digest/digest.module';
import { EmailLinksService } from './email-links.service';
import { OidcClients } from './oidc-clients';
import { OidcSignInController } from './oidc-sign-in.controller';
import { OidcSignInService } from './oidc-sign-in.service';
import { SessionsResolver } from './sessions.resolver';
import { SessionsService } from './sessions.service';
import { SignInController } from './sign-in.controller';

// People sign in with an emailed one-time link or through their organisation's identity provider
// (OpenID Connect), and get a server-side session (a cookie).
@Module({
  imports: [DigestModule],
  controllers: [SignInController, OidcSignInController],
  providers: [SessionsService, SessionsResolver, EmailLinksService, OidcClients, OidcSignInService],
  exports: [EmailLinksService],
})
export class SignInModule {}
