import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OrganisationEntity } from './organisation.entity';
import { OrganisationsResolver } from './organisations.resolver';
import { OrganisationsService } from './organisations.service';

@Module({
  imports: [TypeOrmModule.forFeature([OrganisationEntity])],
  providers: [OrganisationsService, OrganisationsResolver],
  exports: [OrganisationsService],
})
export class OrganisationsModule {}
