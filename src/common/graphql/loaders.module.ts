import { Module } from '@nestjs/common';
import { AreasModule } from '../../areas/areas.module';
import { AudiencesModule } from '../../audiences/audiences.module';
import { MembersModule } from '../../members/members.module';
import { OrganisationsModule } from '../../organisations/organisations.module';
import { LoadersFactory } from './loaders';

@Module({
  imports: [OrganisationsModule, MembersModule, AreasModule, AudiencesModule],
  providers: [LoadersFactory],
  exports: [LoadersFactory],
})
export class LoadersModule {}
