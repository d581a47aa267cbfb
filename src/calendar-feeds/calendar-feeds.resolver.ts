import { Inject } from '@nestjs/common';
import { Args, ArgsType, Field, GraphQLISODateTime, ID, Mutation, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { Length } from 'class-validator';
import { CurrentCaller } from '../auth/auth.decorators';
import { Caller } from '../auth/caller';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.token';
import { FeedRow, FeedTokensService } from './feed-tokens.service';

@ObjectType('CalendarFeed', { description: 'A personal, revocable token for subscribing to the iCalendar feeds' })
export class CalendarFeedModel {
  @Field(() => ID)
  id!: string;

  @Field()
  label!: string;

  @Field(() => GraphQLISODateTime)
  createdAt!: Date;

  @Field(() => GraphQLISODateTime, { nullable: true })
  lastUsedAt!: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  revokedAt!: Date | null;
}

@ObjectType()
export class CreatedCalendarFeed {
  @Field(() => CalendarFeedModel)
  feed!: CalendarFeedModel;

  @Field({ description: 'Subscribe to this in Outlook or Google Calendar; shown once. Add &area=…&audience=…&organisation=…&status=… to filter.' })
  consultationsUrl!: string;

  @Field({ description: 'The blackout periods, as a second calendar; shown once' })
  blackoutsUrl!: string;
}

@ArgsType()
class CreateFeedArgs {
  @Field({ description: '1–100 characters, e.g. "Outlook on my laptop"' })
  @Length(1, 100)
  label!: string;
}

@Resolver(() => CalendarFeedModel)
export class CalendarFeedsResolver {
  constructor(
    private readonly tokens: FeedTokensService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Query(() => [CalendarFeedModel])
  myCalendarFeeds(@CurrentCaller() caller: Caller): Promise<FeedRow[]> {
    return this.tokens.mine(caller);
  }

  @Mutation(() => CreatedCalendarFeed)
  async createCalendarFeed(@CurrentCaller() caller: Caller, @Args() { label }: CreateFeedArgs): Promise<CreatedCalendarFeed> {
    const { feed, token } = await this.tokens.create(caller, label);
    const base = this.config.publicBaseUrl;
    return { feed, consultationsUrl: `${base}/calendar.ics?token=${token}`, blackoutsUrl: `${base}/blackouts.ics?token=${token}` };
  }

  @Mutation(() => CalendarFeedModel, { description: 'Stops the token working at once (yours, or anyone’s for a coordinator)' })
  revokeCalendarFeed(@CurrentCaller() caller: Caller, @Args('id', { type: () => ID }) id: string): Promise<FeedRow> {
    return this.tokens.revoke(caller, id);
  }
}
