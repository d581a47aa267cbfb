import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AreaEntity } from './area.entity';
import { AreasResolver } from './areas.resolver';
import { AreasService } from './areas.service';

@Module({
  imports: [TypeOrmModule.forFeature([AreaEntity])],
  providers: [AreasService, AreasResolver],
  exports: [AreasService],
})
export class AreasModule {}
