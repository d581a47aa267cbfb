import { Field, Float, GraphQLISODateTime, Int, ObjectType } from '@nestjs/graphql';
import { CalendarDateScalar } from '../common/graphql/calendar-date.scalar';
import { ConsultationModel } from '../consultations/consultation.model';
import { FindingsEntity } from './findings.entity';

@ObjectType('Findings', { description: 'What a closed consultation found, and its "we asked, you said, we did" statement once published' })
export class FindingsModel {
  @Field(() => Int)
  responseCount!: number;

  @Field({ description: 'What was heard' })
  summary!: string;

  @Field(() => String, { nullable: true })
  reportUrl!: string | null;

  @Field(() => String, { nullable: true })
  dataUrl!: string | null;

  @Field(() => String, { nullable: true, description: 'The decision it informed' })
  decision!: string | null;

  @Field(() => CalendarDateScalar, { nullable: true })
  decisionDate!: string | null;

  @Field(() => String, { nullable: true, description: 'The published "we asked, you said, we did" statement (publishResponse)' })
  statement!: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  publishedAt!: Date | null;

  @Field(() => GraphQLISODateTime)
  updatedAt!: Date;

  @Field(() => Int, { description: 'Increases with every change' })
  version!: number;
}

export function mapFindings(f: FindingsEntity): FindingsModel {
  return {
    responseCount: f.responseCount,
    summary: f.summary,
    reportUrl: f.reportUrl,
    dataUrl: f.dataUrl,
    decision: f.decision,
    decisionDate: f.decisionDate,
    statement: f.statement,
    publishedAt: f.publishedAt,
    updatedAt: f.updatedAt,
    version: f.version,
  };
}

@ObjectType('FindingsSearchResult', { description: 'A past consultation that matched, best first' })
export class FindingsSearchResultModel {
  @Field(() => ConsultationModel)
  consultation!: ConsultationModel;

  @Field(() => Float, { description: 'PostgreSQL ts_rank: higher is a better match (0 without text)' })
  rank!: number;

  @Field({ description: 'Where the words matched, from the title, summary and findings, each match between ** and **' })
  snippet!: string;
}
