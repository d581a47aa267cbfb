import { Field, Float, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { CalendarDateScalar } from '../common/graphql/calendar-date.scalar';
import { Connection } from '../common/graphql/pagination';
import { MemberModel } from '../members/member.model';
import type { ConflictView } from './conflict-store';
import { ADVICE_RULES, AdviceRule } from './advice.rules';
import { CHANNEL_KINDS, ChannelKind, CONFLICT_KINDS, ConflictKind, Severity, SEVERITIES } from './clash-rules';

export const ConflictKindEnum = Object.fromEntries(CONFLICT_KINDS.map((k) => [k, k])) as Record<ConflictKind, ConflictKind>;
registerEnumType(ConflictKindEnum, { name: 'ConflictKind', description: 'OVERLAP, DUPLICATE, FATIGUE and BLACKOUT are clashes; ADVICE is a good-practice check of the plan alone (adviceRule says which), never blocking, in checks only' });
export const AdviceRuleEnum = Object.fromEntries(ADVICE_RULES.map((r) => [r, r])) as Record<AdviceRule, AdviceRule>;
registerEnumType(AdviceRuleEnum, { name: 'AdviceRule', description: "ADVICE's good-practice checks: see the README's Good-practice checks" });
export const SeverityEnum = Object.fromEntries(SEVERITIES.map((s) => [s, s])) as Record<Severity, Severity>;
registerEnumType(SeverityEnum, { name: 'Severity' });
export const ChannelKindEnum = Object.fromEntries(CHANNEL_KINDS.map((k) => [k, k])) as Record<ChannelKind, ChannelKind>;
registerEnumType(ChannelKindEnum, { name: 'ChannelKind' });

// Only registered consultations keep conflicts; a dry run's get ids derived from what clashes.
export const DRY_RUN_PREFIX = 'check:';

export function dryRunId(view: Pick<ConflictView, 'kind' | 'otherId' | 'blackoutId' | 'adviceRule'>): string {
  return `${DRY_RUN_PREFIX}${view.kind}:${view.otherId ?? view.blackoutId ?? view.adviceRule ?? 'load'}`;
}

/** Marks the view, made for this response alone, as the model in place (no copy of each of thousands). */
export function toConflictModel(view: ConflictView): ConflictModel {
  return Object.assign(view, { stored: !view.id.startsWith(DRY_RUN_PREFIX) }) as ConflictModel;
}

@ObjectType('Acknowledgement')
export class AcknowledgementModel {
  @Field()
  note!: string;

  @Field(() => MemberModel)
  by!: MemberModel;

  @Field(() => GraphQLISODateTime)
  at!: Date;
}

@ObjectType('Conflict', { description: 'A clash between a consultation and another, the load on its people, or a blackout period' })
export class ConflictModel {
  @Field(() => ID, { description: 'Stable for stored conflicts; for a dry run, derived from what clashes' })
  id!: string;

  @Field(() => ConflictKindEnum)
  kind!: ConflictKind;

  @Field(() => SeverityEnum)
  severity!: Severity;

  @Field({ description: 'One or two plain English sentences, fit to forward' })
  explanation!: string;

  @Field(() => [String])
  sharedChannels!: string[];

  @Field(() => [String])
  sharedTopics!: string[];

  @Field(() => CalendarDateScalar, { nullable: true, description: 'First shared day (for a near miss: none)' })
  overlapStart!: string | null;

  @Field(() => CalendarDateScalar, { nullable: true })
  overlapEnd!: string | null;

  @Field(() => Boolean, { description: 'False for a dry run: only registered consultations keep conflicts' })
  stored!: boolean;

  @Field(() => AdviceRuleEnum, { nullable: true, description: 'ADVICE: which good-practice check; null for a clash' })
  adviceRule?: AdviceRule;

  // Resolved through loaders: other, related, sharedAreas, sharedAudiences, blackout, acknowledgement.by
  consultationId!: string;
  otherId!: string | null;
  blackoutId!: string | null;
  relatedIds!: string[];
  sharedAreaIds!: string[];
  sharedAudienceIds!: string[];
  acknowledgement!: { note: string; byId: string; at: Date } | null;
}

@ObjectType()
export class ConflictConnection extends Connection(ConflictModel, 'Conflict') {}

@ObjectType('Window', { description: 'A clear window: no HIGH or MEDIUM conflict' })
export class WindowModel {
  @Field(() => CalendarDateScalar)
  startDate!: string;

  @Field(() => CalendarDateScalar)
  endDate!: string;

  @Field(() => CalendarDateScalar, { description: 'Every start from startDate to this one is clear too' })
  latestStartDate!: string;

  @Field(() => [ConflictModel], { description: 'The LOW conflicts that remain' })
  conflicts!: ConflictModel[];
}

@ObjectType('SeverityRules')
export class SeverityRulesModel {
  @Field(() => SeverityEnum, { description: 'Overlapping, both asking the same ALL_ASKED audience (a panel, the parish councils)' })
  allAsked!: Severity;
  @Field(() => SeverityEnum, { description: 'Overlapping, a shared GROUP audience both meet in person in a district or smaller' })
  groupInPerson!: Severity;
  @Field(() => SeverityEnum, { description: 'Overlapping, a shared GROUP audience' })
  group!: Severity;
  @Field(() => SeverityEnum, { description: 'Overlapping, only GENERAL audiences shared, by the same personal channel in a district or smaller' })
  generalInPerson!: Severity;
  @Field(() => SeverityEnum, { description: 'Overlapping, only GENERAL audiences shared' })
  general!: Severity;
  @Field(() => SeverityEnum, { description: 'Not overlapping, within the gap' })
  nearMiss!: Severity;
  @Field(() => SeverityEnum, { description: 'Not overlapping, within the gap, the same ALL_ASKED audience' })
  allAskedNearMiss!: Severity;
  @Field(() => SeverityEnum, { description: 'Similar topic, overlapping' })
  duplicateOverlapping!: Severity;
  @Field(() => SeverityEnum, { description: 'Similar topic within the look-around' })
  duplicate!: Severity;
  @Field(() => SeverityEnum, { description: 'Similar topic beyond the look-around, within findingsLookAroundMonths of an earlier one with findings recorded: a reuse hint' })
  duplicateReported!: Severity;
  @Field(() => SeverityEnum)
  fatigue!: Severity;
  @Field(() => SeverityEnum, { description: 'Within the protected window of another consultation reaching the same people (PROTECTED; CLASH_SEVERITY_PROTECTED)' })
  protected!: Severity;
}

@ObjectType('ChannelRule', { description: 'Whom a channel meets: PERSONAL meets people, BROADCAST publishes (a shared broadcast channel never sharpens a clash)' })
export class ChannelRuleModel {
  @Field()
  channel!: string;
  @Field(() => ChannelKindEnum)
  kind!: ChannelKind;
}

@ObjectType('ClashRules')
export class ClashRulesModel {
  @Field(() => Int)
  gapDays!: number;
  @Field(() => Int)
  lookAroundDays!: number;
  @Field(() => Int, { description: 'A DUPLICATE also finds an earlier consultation with findings recorded that closed this many months or fewer before the later one starts (FINDINGS_LOOKAROUND_MONTHS)' })
  findingsLookAroundMonths!: number;
  @Field(() => Int, { description: 'FATIGUE when more than this many consultations (this one included)…' })
  fatigueThreshold!: number;
  @Field(() => Int, { description: '…reach the same people within a rolling window of this many days' })
  fatigueWindowDays!: number;
  @Field(() => Float, { description: 'The score of shared distinctive words from which two plans are on a similar topic: each word scores ln(register size ÷ consultations using it), twice when in both titles' })
  similarityThreshold!: number;
  @Field(() => Float, { description: 'A word used by more than this share of the register is boilerplate, not a topic…' })
  commonWordShare!: number;
  @Field(() => Int, { description: '…once at least this many consultations use it' })
  commonWordMinimum!: number;
  @Field(() => Float, { description: "Between two plans of one body, a word used by more than this share of its own consultations is its house style, not a topic" })
  houseStyleShare!: number;
  @Field(() => SeverityRulesModel)
  severity!: SeverityRulesModel;
  @Field(() => [ChannelRuleModel])
  channels!: ChannelRuleModel[];
}

@ObjectType('SeverityCount')
export class SeverityCountModel {
  @Field(() => SeverityEnum)
  severity!: Severity;
  @Field(() => Int)
  count!: number;
}

@ObjectType('ConflictKindCount')
export class ConflictKindCountModel {
  @Field(() => ConflictKindEnum)
  kind!: ConflictKind;
  @Field(() => Int)
  count!: number;
}

@ObjectType('CheckSummary', { description: 'A check for a planning form: every conflict counted, the most severe listed' })
export class CheckSummaryModel {
  @Field(() => Int, { description: 'Every conflict the plan would raise' })
  total!: number;
  @Field(() => [SeverityCountModel], { description: 'HIGH, MEDIUM, LOW, in that order, zeros included' })
  bySeverity!: SeverityCountModel[];
  @Field(() => [ConflictKindCountModel], { description: 'OVERLAP, DUPLICATE, FATIGUE, BLACKOUT, in that order, zeros included' })
  byKind!: ConflictKindCountModel[];
  @Field(() => [ConflictModel], { description: 'The first of them in checkConsultation\'s order (severity, then date), at most `first`' })
  conflicts!: ConflictModel[];
}
