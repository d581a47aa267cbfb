import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AudienceEntity } from './audience.entity';
import { AudiencesResolver } from './audiences.resolver';
import { AudiencesService } from './audiences.service';

@Module({
  imports: [TypeOrmModule.forFeature([AudienceEntity])],
  providers: [AudiencesService, AudiencesResolver],
  exports: [AudiencesService],
})
export class AudiencesModule {}
