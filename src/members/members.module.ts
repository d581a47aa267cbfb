import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OrganisationsModule } from '../organisations/organisations.module';
import { MemberEntity } from './member.entity';
import { MembersResolver } from './members.resolver';
import { MembersService } from './members.service';

@Module({
  imports: [TypeOrmModule.forFeature([MemberEntity]), OrganisationsModule],
  providers: [MembersService, MembersResolver],
  exports: [MembersService],
})
export class MembersModule {}
