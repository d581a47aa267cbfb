import { Module } from '@nestjs/common';
import { AreasModule } from '../areas/areas.module';
import { AudiencesModule } from '../audiences/audiences.module';
import { FindingsModule } from '../findings/findings.module';
import { ReviewReads } from '../reviews/review-reads';
import { DigestComposer } from './digest-composer';
import { DigestDeliveries } from './digest-deliveries';
import { DigestMetrics } from './digest-metrics';
import { DigestQueue } from './digest-queue';
import { DigestSender } from './digest-sender';
import { DigestDeliveryResolver, DigestPreferencesResolver, DigestResolver } from './digest.resolver';
import { DigestService } from './digest.service';
import { Mailer } from './mailer';

// The weekly overlap digest: composed from the register, sent once per member per ISO week.
@Module({
  imports: [AreasModule, AudiencesModule, FindingsModule],
  providers: [
    DigestComposer,
    ReviewReads,
    DigestDeliveries,
    DigestMetrics,
    DigestSender,
    DigestQueue,
    DigestService,
    Mailer,
    DigestResolver,
    DigestPreferencesResolver,
    DigestDeliveryResolver,
  ],
  exports: [DigestComposer, DigestDeliveries, DigestSender, Mailer],
})
export class DigestModule {}
