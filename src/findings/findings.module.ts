import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AreasModule } from '../areas/areas.module';
import { AudiencesModule } from '../audiences/audiences.module';
import { ConsultationsModule } from '../consultations/consultations.module';
import { FindingsExplainer } from './findings-explainer';
import { FindingsEntity } from './findings.entity';
import { ConflictFindingsResolver, ConsultationFindingsResolver } from './findings.resolver';
import { FindingsService } from './findings.service';

// Reporting back and reuse: findings, the published response, the overdue list and the findings search.
@Module({
  imports: [TypeOrmModule.forFeature([FindingsEntity]), ConsultationsModule, AreasModule, AudiencesModule],
  providers: [FindingsService, FindingsExplainer, ConsultationFindingsResolver, ConflictFindingsResolver],
  exports: [FindingsService, FindingsExplainer],
})
export class FindingsModule {}
