import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentCaller, Roles } from '../auth/auth.decorators';
import { Caller } from '../auth/caller';
import { Loaders, LOADERS } from '../common/graphql/loaders';
import { OrganisationModel } from '../organisations/organisation.model';
import { CreateMemberInput } from './member.inputs';
import { CreateMemberPayload, mapMember, MemberModel } from './member.model';
import { MembersService } from './members.service';
import { Context } from '@nestjs/graphql';

@Resolver(() => MemberModel)
export class MembersResolver {
  constructor(private readonly members: MembersService) {}

  @Query(() => MemberModel, { description: 'The member whose API key made this request' })
  async me(@CurrentCaller() caller: Caller): Promise<MemberModel> {
    return mapMember(await this.members.get(caller.memberId));
  }

  @Roles('COORDINATOR')
  @Mutation(() => CreateMemberPayload, { description: 'Creates a member and returns its API key, once' })
  async createMember(@CurrentCaller() caller: Caller, @Args('input') input: CreateMemberInput): Promise<CreateMemberPayload> {
    const { member, apiKey } = await this.members.create(caller, input);
    return { member: mapMember(member), apiKey };
  }

  @ResolveField(() => OrganisationModel)
  organisation(@Parent() member: MemberModel, @Context(LOADERS) loaders: Loaders): Promise<OrganisationModel> {
    return loaders.organisation.load(member.organisationId);
  }
}
