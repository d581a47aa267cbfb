import { Field, InputType } from '@nestjs/graphql';
import { IsBoolean, IsIn, IsOptional, Length, Matches } from 'class-validator';
import { NameChange } from '../common/graphql/name-change.input';
import { ORGANISATION_KINDS, OrganisationKind } from './organisation.entity';
import { OrganisationKindEnum } from './organisation.model';

export const CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

@InputType()
export class CreateOrganisationInput {
  @Field({ description: '1–32 letters, digits, dot, dash or underscore' })
  @Length(1, 32)
  @Matches(CODE_PATTERN, { message: 'code may contain only letters, digits, dot, dash and underscore' })
  code!: string;

  @Field({ description: '1–200 characters' })
  @Length(1, 200)
  name!: string;

  @Field(() => OrganisationKindEnum)
  @IsIn(ORGANISATION_KINDS)
  kind!: OrganisationKind;
}

@InputType({ description: 'What to change; a field left out stays as it is' })
export class UpdateOrganisationInput extends NameChange {
  @Field(() => OrganisationKindEnum, { nullable: true })
  @IsOptional()
  @IsIn(ORGANISATION_KINDS)
  kind?: OrganisationKind;

  @Field(() => Boolean, { nullable: true, description: 'Whether its new consultations are public (on the forward look) when they do not say' })
  @IsOptional()
  @IsBoolean()
  publicByDefault?: boolean;
}
