import { Args, Field, GraphQLISODateTime, ID, Mutation, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { CurrentCaller, Roles } from '../auth/auth.decorators';
import { Caller } from '../auth/caller';
import { SessionRow, SessionsService } from './sessions.service';

@ObjectType('Session', { description: 'A signed-in browser: a session kept on the server, ended at once when asked' })
export class SessionModel {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'How the person signed in: EMAIL_LINK, OIDC (their organisation’s identity provider), or API_KEY (a key given in the planner)' })
  method!: string;

  @Field(() => String, { nullable: true, description: 'The browser, as it described itself' })
  userAgent!: string | null;

  @Field(() => GraphQLISODateTime)
  createdAt!: Date;

  @Field(() => GraphQLISODateTime, { description: 'To the minute' })
  lastSeenAt!: Date;

  @Field(() => GraphQLISODateTime, { nullable: true })
  endedAt!: Date | null;

  @Field({ description: 'The session this request came with' })
  current!: boolean;
}

const toModel = (caller: Caller) => (row: SessionRow): SessionModel => ({ ...row, current: row.id === caller.sessionId });

@Resolver(() => SessionModel)
export class SessionsResolver {
  constructor(private readonly sessions: SessionsService) {}

  @Query(() => [SessionModel], { description: 'Your open sessions, newest first' })
  async mySessions(@CurrentCaller() caller: Caller): Promise<SessionModel[]> {
    return (await this.sessions.mine(caller)).map(toModel(caller));
  }

  @Roles('COORDINATOR')
  @Query(() => [SessionModel], { description: 'A member’s open sessions, newest first (coordinators), to end one with endSession' })
  async memberSessions(@CurrentCaller() caller: Caller, @Args('memberId', { type: () => ID }) memberId: string): Promise<SessionModel[]> {
    return (await this.sessions.ofMember(memberId)).map(toModel(caller));
  }

  @Mutation(() => SessionModel, { description: 'Ends a session at once (yours, or anyone’s for a coordinator)' })
  async endSession(@CurrentCaller() caller: Caller, @Args('id', { type: () => ID }) id: string): Promise<SessionModel> {
    return toModel(caller)(await this.sessions.end(caller, id));
  }
}
