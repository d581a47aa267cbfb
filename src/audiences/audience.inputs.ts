import { Field, InputType } from '@nestjs/graphql';
import { IsIn, IsOptional, Length, Matches } from 'class-validator';
import { NameChange } from '../common/graphql/name-change.input';
import { CODE_PATTERN } from '../organisations/organisation.inputs';
import { AUDIENCE_KINDS, AUDIENCE_REACHES, AudienceKind, AudienceReach } from './audience.entity';
import { AudienceKindEnum, AudienceReachEnum } from './audience.model';

@InputType()
export class CreateAudienceInput {
  @Field({ description: '1–64 letters, digits, dot, dash or underscore' })
  @Length(1, 64)
  @Matches(CODE_PATTERN, { message: 'code may contain only letters, digits, dot, dash and underscore' })
  code!: string;

  @Field({ description: '1–200 characters' })
  @Length(1, 200)
  name!: string;

  @Field({ nullable: true })
  @IsOptional()
  @Length(1, 64)
  parentCode?: string;

  @Field(() => AudienceKindEnum, { defaultValue: 'GROUP' })
  @IsIn(AUDIENCE_KINDS)
  kind: AudienceKind = 'GROUP';

  @Field(() => AudienceReachEnum, { nullable: true, description: 'Left out: ALL_ASKED for a panel, GROUP otherwise' })
  @IsOptional()
  @IsIn(AUDIENCE_REACHES)
  reach?: AudienceReach;
}

@InputType({ description: 'What to change; a field left out stays as it is. Its place in the tree and its kind never change' })
export class UpdateAudienceInput extends NameChange {
  @Field(() => AudienceReachEnum, { nullable: true, description: 'Whom it reaches; the clashes of consultations asking it are graded again' })
  @IsOptional()
  @IsIn(AUDIENCE_REACHES)
  reach?: AudienceReach;
}
