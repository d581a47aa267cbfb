import { Args, ArgsType, Field, GraphQLISODateTime, ID, Mutation, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { Length } from 'class-validator';
import { CurrentCaller } from '../auth/auth.decorators';
import { Caller } from '../auth/caller';
import { CalendarDate } from '../common/dates/calendar-date';
import { CalendarDateScalar } from '../common/graphql/calendar-date.scalar';
import { ApiKeyRow, ApiKeysService } from './api-keys.service';

@ObjectType('ApiKey', { description: 'A key for a system or script acting as you (Authorization: Bearer <key>); only its hash is kept' })
export class ApiKeyModel {
  @Field(() => ID)
  id!: string;

  @Field()
  label!: string;

  @Field({ description: 'The key createMember, issueApiKey or the CLI gave; the next one issued replaces it' })
  issued!: boolean;

  @Field(() => CalendarDateScalar, { nullable: true, description: 'The last day the key works (Europe/London); null: until revoked' })
  expiresOn!: CalendarDate | null;

  @Field(() => GraphQLISODateTime)
  createdAt!: Date;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'To the minute: recorded at most once a minute' })
  lastUsedAt!: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  revokedAt!: Date | null;
}

@ObjectType()
export class CreatedApiKey {
  @Field(() => ApiKeyModel)
  key!: ApiKeyModel;

  @Field({ description: 'Shown once: only its hash is kept' })
  apiKey!: string;
}

@ArgsType()
class CreateApiKeyArgs {
  @Field({ description: '1–100 characters, e.g. "Forward plan sync (IT)"' })
  @Length(1, 100)
  label!: string;

  @Field(() => CalendarDateScalar, { nullable: true, description: 'The last day the key works; today or later' })
  expiresOn?: CalendarDate;
}

@Resolver(() => ApiKeyModel)
export class ApiKeysResolver {
  constructor(private readonly keys: ApiKeysService) {}

  @Query(() => [ApiKeyModel], { description: 'Your API keys, revoked and expired ones included' })
  myApiKeys(@CurrentCaller() caller: Caller): Promise<ApiKeyRow[]> {
    return this.keys.mine(caller);
  }

  @Mutation(() => CreatedApiKey, { description: 'A new named API key acting as you, returned once' })
  createApiKey(@CurrentCaller() caller: Caller, @Args() { label, expiresOn }: CreateApiKeyArgs): Promise<CreatedApiKey> {
    return this.keys.create(caller, label, expiresOn);
  }

  @Mutation(() => ApiKeyModel, { description: 'Stops the key working at once (yours, or anyone’s for a coordinator)' })
  revokeApiKey(@CurrentCaller() caller: Caller, @Args('id', { type: () => ID }) id: string): Promise<ApiKeyRow> {
    return this.keys.revoke(caller, id);
  }
}
