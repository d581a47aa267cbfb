import { Field, Int, ObjectType } from '@nestjs/graphql';
import { ConflictKind, Severity } from './clash-rules';
import { ClashGroup, countOpen, groupClashes } from './clash-groups';
import { ConflictKindEnum, ConflictModel, SeverityEnum, toConflictModel } from './conflict.model';
import type { ConflictView } from './conflict-store';

@ObjectType('ClashPair', { description: 'Every conflict between a consultation and one other: one clash to act on, with all its reasons' })
export class ClashPairModel {
  @Field(() => SeverityEnum, { description: 'The worst of its unacknowledged conflicts; once every one is acknowledged, the worst of all' })
  severity!: Severity;

  @Field({ description: 'Every one of its conflicts is acknowledged' })
  settled!: boolean;

  @Field(() => [ConflictKindEnum], { description: 'Each kind once, in the order its conflicts are listed' })
  kinds!: ConflictKind[];

  @Field(() => [ConflictModel], { description: 'Ordered by severity, then start date' })
  conflicts!: ConflictModel[];

  // Resolved through a loader: other.
  otherId!: string;
}

@ObjectType('ClashSummary', {
  description:
    'A consultation\'s clashes for triage. high, medium and low count clashes nobody has settled, one per other consultation at the worst ' +
    'severity still unacknowledged, and one per FATIGUE or BLACKOUT conflict (which meet no single other consultation); acknowledged conflicts count for nothing.',
})
export class ClashSummaryModel {
  @Field(() => Int)
  high!: number;

  @Field(() => Int)
  medium!: number;

  @Field(() => Int, { description: 'Context, never a headline: badges, the digest and the launch gate count HIGH and MEDIUM only' })
  low!: number;

  @Field(() => [ClashPairModel], { description: 'One per other consultation: unsettled first, the worst first, then by first shared day' })
  pairs!: ClashPairModel[];

  @Field(() => [ConflictModel], { description: 'FATIGUE and BLACKOUT conflicts, which have no other consultation to pair with, in the same order' })
  unpaired!: ConflictModel[];
}

export function toClashSummary(views: readonly ConflictView[]): ClashSummaryModel {
  const groups = groupClashes(views);
  const paired = groups.filter((g): g is ClashGroup<ConflictView> & { otherId: string } => g.otherId !== null);
  return {
    ...countOpen(groups),
    pairs: paired.map(({ otherId, severity, settled, kinds, conflicts }) => ({ otherId, severity, settled, kinds, conflicts: conflicts.map(toConflictModel) })),
    unpaired: groups.filter((g) => g.otherId === null).flatMap((g) => g.conflicts.map(toConflictModel)),
  };
}
