import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AreaEntity } from './area.entity';
import { AreaImportService } from './area-import.service';
import { AreasResolver } from './areas.resolver';
import { AreasService } from './areas.service';

@Module({
  imports: [TypeOrmModule.forFeature([AreaEntity])],
  providers: [AreasService, AreasResolver, AreaImportService],
  exports: [AreasService, AreaImportService],
})
export class AreasModule {}
