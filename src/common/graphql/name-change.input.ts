import { Field, InputType } from '@nestjs/graphql';
import { IsOptional, Length } from 'class-validator';

/** The name field every update input shares: left out, the name stays as it is. */
@InputType({ isAbstract: true })
export abstract class NameChange {
  @Field({ nullable: true, description: '1–200 characters' })
  @IsOptional()
  @Length(1, 200)
  name?: string;
}
