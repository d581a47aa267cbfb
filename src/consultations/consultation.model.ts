import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { AreaModel } from '../areas/area.model';
import { AudienceModel } from '../audiences/audience.model';
import { CalendarDateScalar } from '../common/graphql/calendar-date.scalar';
import { Connection } from '../common/graphql/pagination';
import { MemberModel } from '../members/member.model';
import { OrganisationModel } from '../organisations/organisation.model';
import { Channel, ConsultationEntity, ConsultationStatus } from './consultation.entity';
import { ChannelEnum, ConsultationStatusEnum } from './consultation.inputs';

@ObjectType('ConsultationProtection', { description: "A protected consultation's window: its own dates widened by these days before and after" })
export class ProtectionModel {
  @Field(() => Int)
  daysBefore!: number;

  @Field(() => Int)
  daysAfter!: number;
}

@ObjectType('Consultation')
export class ConsultationModel {
  @Field(() => ID)
  id!: string;

  @Field()
  title!: string;

  @Field()
  summary!: string;

  @Field(() => ConsultationStatusEnum)
  status!: ConsultationStatus;

  @Field(() => CalendarDateScalar)
  startDate!: string;

  @Field(() => CalendarDateScalar, { description: 'Inclusive' })
  endDate!: string;

  @Field(() => [String])
  topics!: string[];

  @Field(() => [ChannelEnum])
  channels!: Channel[];

  @Field(() => Int, { nullable: true })
  expectedRespondents!: number | null;

  @Field()
  statutory!: boolean;

  @Field(() => CalendarDateScalar, { nullable: true, description: 'When the decision it informs is due' })
  decisionDate!: string | null;

  @Field(() => String, { nullable: true, description: 'Why it runs shorter than the usual minimum, when it does' })
  shortPeriodReason!: string | null;

  @Field({ description: 'Shown on the public forward look (once PLANNED)' })
  public!: boolean;

  @Field(() => ProtectionModel, {
    nullable: true,
    description: 'Protected by the network coordinator (protectConsultation): others reaching its people within its dates widened by these days clash with it (PROTECTED). Null when not protected',
  })
  protection!: ProtectionModel | null;

  @Field(() => GraphQLISODateTime)
  createdAt!: Date;

  @Field(() => GraphQLISODateTime)
  updatedAt!: Date;

  @Field(() => Int, { description: 'Increases with every change' })
  version!: number;

  // Resolved through loaders.
  @Field(() => OrganisationModel)
  organisation?: OrganisationModel;

  @Field(() => [AreaModel])
  areas?: AreaModel[];

  @Field(() => [AudienceModel])
  audiences?: AudienceModel[];

  @Field(() => MemberModel, { nullable: true })
  leadOfficer?: MemberModel | null;

  organisationId!: string;
  leadOfficerId!: string | null;
  areaIds!: string[];
  audienceIds!: string[];
}

@ObjectType()
export class ConsultationConnection extends Connection(ConsultationModel, 'Consultation') {}

export function mapConsultation(entity: ConsultationEntity): ConsultationModel {
  return {
    id: entity.id,
    title: entity.title,
    summary: entity.summary,
    status: entity.status,
    startDate: entity.startDate,
    endDate: entity.endDate,
    topics: entity.topics,
    channels: entity.channels,
    expectedRespondents: entity.expectedRespondents,
    statutory: entity.statutory,
    decisionDate: entity.decisionDate,
    shortPeriodReason: entity.shortPeriodReason,
    public: entity.public,
    protection: entity.protectedDaysBefore === null ? null : { daysBefore: entity.protectedDaysBefore, daysAfter: entity.protectedDaysAfter! },
    createdAt: entity.createdAt,
    updatedAt: entity.updatedAt,
    version: entity.version,
    organisationId: entity.organisationId,
    leadOfficerId: entity.leadOfficerId,
    areaIds: entity.areaIds,
    audienceIds: entity.audienceIds,
  };
}
