import { Field, GraphQLISODateTime, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ConsultationModel } from '../consultations/consultation.model';
import { MemberModel } from '../members/member.model';
import { OrganisationModel } from '../organisations/organisation.model';
import { JOIN_REQUEST_STATUSES, JoinRequestEntity, JoinRequestStatus } from './join-request.entity';

export const JoinRequestStatusEnum = Object.fromEntries(JOIN_REQUEST_STATUSES.map((s) => [s, s])) as Record<JoinRequestStatus, JoinRequestStatus>;
registerEnumType(JoinRequestStatusEnum, { name: 'JoinRequestStatus' });

@ObjectType('JoinRequest', { description: "An organisation's request to join another's consultation (requestToJoin), and the owner's answer (answerJoinRequest)" })
export class JoinRequestModel {
  @Field(() => ID)
  id!: string;

  @Field(() => JoinRequestStatusEnum)
  status!: JoinRequestStatus;

  @Field({ description: 'What the asking organisation wants to ask' })
  note!: string;

  @Field({ description: 'On acceptance its own plan (ownConsultation) is cancelled as "joined <title>" (true), or kept as a linked part (false)' })
  cancelOwn!: boolean;

  @Field(() => GraphQLISODateTime)
  requestedAt!: Date;

  @Field(() => String, { nullable: true, description: "The owner's word back" })
  answerNote!: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  answeredAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'The note given on withdrawing the request, leaving the partnership, or ending the partner\'s part' })
  endNote!: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When it was WITHDRAWN, LEFT or REMOVED' })
  endedAt!: Date | null;

  // Resolved through loaders.
  @Field(() => ConsultationModel, { nullable: true, description: 'The consultation asked to join (null if it went back to a draft you may not see)' })
  consultation?: ConsultationModel | null;

  @Field(() => OrganisationModel, { description: 'The organisation asking' })
  organisation?: OrganisationModel;

  @Field(() => ConsultationModel, { nullable: true, description: "The asking organisation's own plan, if it named one (and the caller may see it)" })
  ownConsultation?: ConsultationModel | null;

  @Field(() => MemberModel, { nullable: true })
  requestedBy?: MemberModel | null;

  @Field(() => MemberModel, { nullable: true })
  answeredBy?: MemberModel | null;

  @Field(() => MemberModel, { nullable: true, description: 'Who withdrew it, left, or ended the partner\'s part' })
  endedBy?: MemberModel | null;

  consultationId!: string;
  organisationId!: string;
  ownConsultationId!: string | null;
  requestedById!: string;
  answeredById!: string | null;
  endedById!: string | null;
}

export function mapJoinRequest(r: JoinRequestEntity): JoinRequestModel {
  return {
    id: r.id,
    status: r.status,
    note: r.note,
    cancelOwn: r.cancelOwn,
    requestedAt: r.requestedAt,
    answerNote: r.answerNote,
    answeredAt: r.answeredAt,
    consultationId: r.consultationId,
    organisationId: r.organisationId,
    ownConsultationId: r.ownConsultationId,
    requestedById: r.requestedBy,
    answeredById: r.answeredBy,
    endNote: r.endNote,
    endedAt: r.endedAt,
    endedById: r.endedBy,
  };
}

@ObjectType('ConsultationPartner', { description: 'An organisation whose request to join was accepted: it sees the consultation while a draft, and its linked part does not clash with it' })
export class ConsultationPartnerModel {
  @Field(() => OrganisationModel)
  organisation?: OrganisationModel;

  @Field(() => ConsultationModel, { nullable: true, description: 'Its own plan kept as a linked part of this one, if any (and the caller may see it)' })
  linkedConsultation?: ConsultationModel | null;

  @Field(() => GraphQLISODateTime, { description: 'When its request was accepted' })
  joinedAt!: Date;

  @Field({ description: 'What it asks, as its request said' })
  note!: string;

  organisationId!: string;
  linkedConsultationId!: string | null;
}

/** A partner from its accepted request: a cancelled own plan is no linked part. */
export function mapPartner(r: JoinRequestEntity): ConsultationPartnerModel {
  return {
    organisationId: r.organisationId,
    linkedConsultationId: r.cancelOwn ? null : r.ownConsultationId,
    joinedAt: r.answeredAt!,
    note: r.note,
  };
}
