import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentCaller, Roles } from '../auth/auth.decorators';
import { Caller } from '../auth/caller';
import { Loaders, LOADERS } from '../common/graphql/loaders';
import { OrganisationModel } from '../organisations/organisation.model';
import { CreateMemberInput, MemberFilter, UpdateMemberInput } from './member.inputs';
import { MemberRole } from './member.entity';
import { seesMemberDetails } from './member-exposure';
import { CreateMemberPayload, mapMember, MemberModel, MemberRoleEnum } from './member.model';
import { MembersService } from './members.service';
import { Context } from '@nestjs/graphql';

const OWN_OR_COORDINATOR = 'Null for a member of another organisation, unless you are a coordinator';

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

  @Roles('COORDINATOR')
  @Query(() => [MemberModel], { name: 'members', description: 'The network’s members by organisation and name: active ones unless asked' })
  async listMembers(@Args('filter', { type: () => MemberFilter, nullable: true }) filter?: MemberFilter): Promise<MemberModel[]> {
    return (await this.members.list(filter)).map(mapMember);
  }

  @Roles('COORDINATOR')
  @Mutation(() => MemberModel, { description: 'Changes a member\'s name, role or organisation; never your own role' })
  async updateMember(@CurrentCaller() caller: Caller, @Args('id', { type: () => ID }) id: string, @Args('input') input: UpdateMemberInput): Promise<MemberModel> {
    return mapMember(await this.members.update(caller, id, input));
  }

  @Roles('COORDINATOR')
  @Mutation(() => CreateMemberPayload, {
    description: 'A new API key for the member, returned once; their old key stops working at once. Reactivates a deactivated member; not for an erased one',
  })
  async issueApiKey(@CurrentCaller() caller: Caller, @Args('id', { type: () => ID }) id: string): Promise<CreateMemberPayload> {
    const { member, apiKey } = await this.members.issueApiKey(caller, id);
    return { member: mapMember(member), apiKey };
  }

  @Roles('COORDINATOR')
  @Mutation(() => MemberModel, { description: 'Revokes the API key and calendar feeds and stops the digest' })
  async deactivateMember(@CurrentCaller() caller: Caller, @Args('id', { type: () => ID }) id: string): Promise<MemberModel> {
    return mapMember(await this.members.deactivate(caller, id));
  }

  @Roles('COORDINATOR')
  @Mutation(() => MemberModel, { description: 'Deactivates the member and removes their name and email everywhere, the audit log included (pseudonymised)' })
  async eraseMember(@CurrentCaller() caller: Caller, @Args('id', { type: () => ID }) id: string): Promise<MemberModel> {
    return mapMember(await this.members.erase(caller, id));
  }

  @ResolveField(() => MemberRoleEnum, { nullable: true, description: OWN_OR_COORDINATOR })
  role(@Parent() member: MemberModel, @CurrentCaller() caller: Caller): MemberRole | null {
    return seesMemberDetails(caller, member) ? member.role : null;
  }

  @ResolveField(() => Boolean, { nullable: true, description: OWN_OR_COORDINATOR })
  active(@Parent() member: MemberModel, @CurrentCaller() caller: Caller): boolean | null {
    return seesMemberDetails(caller, member) ? member.active : null;
  }

  @ResolveField(() => Boolean, { nullable: true, description: `Receives the weekly overlap digest. ${OWN_OR_COORDINATOR}` })
  digestEnabled(@Parent() member: MemberModel, @CurrentCaller() caller: Caller): boolean | null {
    return seesMemberDetails(caller, member) ? member.digestEnabled : null;
  }

  @ResolveField(() => OrganisationModel)
  organisation(@Parent() member: MemberModel, @Context(LOADERS) loaders: Loaders): Promise<OrganisationModel> {
    return loaders.organisation.load(member.organisationId);
  }
}
