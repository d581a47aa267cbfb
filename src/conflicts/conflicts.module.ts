import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { AreasModule } from '../areas/areas.module';
import { AudiencesModule } from '../audiences/audiences.module';
import { BlackoutsResolver } from '../blackouts/blackouts.resolver';
import { BlackoutsService } from '../blackouts/blackouts.service';
import { AppConfig } from '../config/app-config';
import { OrganisationsModule } from '../organisations/organisations.module';
import { ConsultationsModule } from '../consultations/consultations.module';
import { AdviceChecker } from './advice-checker';
import { ConflictFinder } from './conflict-finder';
import { ConflictList } from './conflict-list';
import { ConflictReevaluation } from './conflict-reevaluation';
import { ConflictRefreshQueue } from './conflict-refresh-queue';
import { ConflictStore } from './conflict-store';
import { CLASH_RULES } from './conflicts.tokens';
import { ClashPairResolver, ConflictsResolver, ConsultationConflictsResolver } from './conflicts.resolver';
import { ConflictsService } from './conflicts.service';
import { JudgingThreads } from './judging/judging-threads';

// Clash detection and the blackout periods it reads (kept together: each recomputes the other).
@Module({
  imports: [ConsultationsModule, AreasModule, AudiencesModule, OrganisationsModule],
  providers: [
    { provide: CLASH_RULES, inject: [ConfigService], useFactory: (config: ConfigService<AppConfig, true>) => config.get('clashRules', { infer: true }) },
    AdviceChecker,
    ConflictFinder,
    JudgingThreads,
    ConflictStore,
    ConflictList,
    ConflictReevaluation,
    ConflictRefreshQueue,
    ConflictsService,
    ConflictsResolver,
    ConsultationConflictsResolver,
    ClashPairResolver,
    BlackoutsService,
    BlackoutsResolver,
  ],
  exports: [ConflictsService, BlackoutsService, ConflictReevaluation, ConflictRefreshQueue, CLASH_RULES],
})
export class ConflictsModule {}
