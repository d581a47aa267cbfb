import { Module } from '@nestjs/common';
import { DigestModule } from '../digest/digest.module';
import { EmailLinksService } from './email-links.service';
import { SessionsResolver } from './sessions.resolver';
import { SessionsService } from './sessions.service';
import { SignInController } from './sign-in.controller';

// People sign in with an emailed one-time link and get a server-side session (a cookie).
@Module({
  imports: [DigestModule],
  controllers: [SignInController],
  providers: [SessionsService, SessionsResolver, EmailLinksService],
  exports: [EmailLinksService],
})
export class SignInModule {}
