import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ConflictsModule } from '../conflicts/conflicts.module';
import { ConsultationsModule } from '../consultations/consultations.module';
import { DigestModule } from '../digest/digest.module';
import { JoinRequestEntity } from './join-request.entity';
import { JoinRequestNotifier } from './join-request-notifier';
import { JoinRequestsService } from './join-requests.service';
import { ConflictOpenToPartnersResolver, ConsultationOpenToPartnersResolver } from './open-to-partners.resolver';
import { OpenToPartnersService } from './open-to-partners.service';
import { PartnerOpportunitiesResolver } from './partner-opportunities.resolver';
import { PartnerOpportunitiesService } from './partner-opportunities.service';
import { ConsultationPartnerResolver, ConsultationPartnersResolver, JoinRequestResolver } from './partners.resolver';

// Joint consultations: requests to join another organisation's consultation, its answers and partners,
// consultations open to partner questions, and those a plan could join instead (partnerOpportunities).
@Module({
  imports: [TypeOrmModule.forFeature([JoinRequestEntity]), ConsultationsModule, ConflictsModule, DigestModule],
  providers: [
    JoinRequestsService,
    JoinRequestNotifier,
    OpenToPartnersService,
    ConsultationPartnersResolver,
    JoinRequestResolver,
    ConsultationPartnerResolver,
    ConsultationOpenToPartnersResolver,
    ConflictOpenToPartnersResolver,
    PartnerOpportunitiesService,
    PartnerOpportunitiesResolver,
  ],
  exports: [JoinRequestsService],
})
export class PartnersModule {}
