import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ConsultationsModule } from '../consultations/consultations.module';
import { DigestModule } from '../digest/digest.module';
import { JoinRequestEntity } from './join-request.entity';
import { JoinRequestNotifier } from './join-request-notifier';
import { JoinRequestsService } from './join-requests.service';
import { ConflictOpenToPartnersResolver, ConsultationOpenToPartnersResolver } from './open-to-partners.resolver';
import { OpenToPartnersService } from './open-to-partners.service';
import { ConsultationPartnerResolver, ConsultationPartnersResolver, JoinRequestResolver } from './partners.resolver';

// Joint consultations: requests to join another organisation's consultation, its answers and partners,
// and consultations open to partner questions.
@Module({
  imports: [TypeOrmModule.forFeature([JoinRequestEntity]), ConsultationsModule, DigestModule],
  providers: [
    JoinRequestsService,
    JoinRequestNotifier,
    OpenToPartnersService,
    ConsultationPartnersResolver,
    JoinRequestResolver,
    ConsultationPartnerResolver,
    ConsultationOpenToPartnersResolver,
    ConflictOpenToPartnersResolver,
  ],
  exports: [JoinRequestsService],
})
export class PartnersModule {}
