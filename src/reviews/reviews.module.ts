import { Module } from '@nestjs/common';
import { ConflictsModule } from '../conflicts/conflicts.module';
import { ConsultationsModule } from '../consultations/consultations.module';
import { DigestModule } from '../digest/digest.module';
import { ReviewNotifier } from './review-notifier';
import { ReviewReads } from './review-reads';
import { ConsultationReviewResolver, ReviewDecisionResolver, ReviewFieldsResolver } from './reviews.resolver';
import { ReviewsService } from './reviews.service';

// Network review: plans the settings send to the coordinator before launch, the queue, decisions and the launch gate.
@Module({
  imports: [ConsultationsModule, ConflictsModule, DigestModule],
  providers: [ReviewReads, ReviewsService, ReviewNotifier, ConsultationReviewResolver, ReviewFieldsResolver, ReviewDecisionResolver],
  exports: [ReviewReads],
})
export class ReviewsModule {}
