import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AreasModule } from '../areas/areas.module';
import { AudiencesModule } from '../audiences/audiences.module';
import { MembersModule } from '../members/members.module';
import { ConsultationLinksController } from './consultation-links.controller';
import { ConsultationEntity } from './consultation.entity';
import { ConsultationsRepository } from './consultations.repository';
import { ConsultationsResolver } from './consultations.resolver';
import { ConsultationsService } from './consultations.service';

@Module({
  imports: [TypeOrmModule.forFeature([ConsultationEntity]), AreasModule, AudiencesModule, MembersModule],
  controllers: [ConsultationLinksController],
  providers: [ConsultationsRepository, ConsultationsService, ConsultationsResolver],
  exports: [ConsultationsService, ConsultationsRepository],
})
export class ConsultationsModule {}
