import { InitialSchema1764000000000 } from './1764000000000-initial-schema';
import { Conflicts1764100000000 } from './1764100000000-conflicts';
import { Digest1764200000000 } from './1764200000000-digest';
import { CalendarFeeds1764300000000 } from './1764300000000-calendar-feeds';
import { ReachIndex1764400000000 } from './1764400000000-reach-index';
import { ConsultationTally1764500000000 } from './1764500000000-consultation-tally';
import { TallyNetChange1764600000000 } from './1764600000000-tally-net-change';
import { TrigramSignatures1764700000000 } from './1764700000000-trigram-signatures';
import { FatigueRelatedIndex1764800000000 } from './1764800000000-fatigue-related-index';
import { ReachKeysCost1764900000000 } from './1764900000000-reach-keys-cost';
import { ReachKeysByHalfYear1765000000000 } from './1765000000000-reach-keys-by-half-year';
import { TopicWords1765100000000 } from './1765100000000-topic-words';
import { AudienceReach1765200000000 } from './1765200000000-audience-reach';
import { RetireTrigramSignatures1765300000000 } from './1765300000000-retire-trigram-signatures';
import { ClashRulesApplied1765400000000 } from './1765400000000-clash-rules-applied';
import { Findings1765500000000 } from './1765500000000-findings';
import { ApiKeys1765600000000 } from './1765600000000-api-keys';
import { Sessions1765800000000 } from './1765800000000-sessions';
import { ConflictRefresh1765700000000 } from './1765700000000-conflict-refresh';
import { PublicConsultations1765900000000 } from './1765900000000-public-consultations';
import { SingleSignOn1766000000000 } from './1766000000000-single-sign-on';
import { JoinRequests1766140000000 } from './1766140000000-join-requests';
import { OpenToPartners1766150000000 } from './1766150000000-open-to-partners';
import { ConsultationReviews1766200000000 } from './1766200000000-consultation-reviews';
import { DecisionDate1766210000000 } from './1766210000000-decision-date';
import { ProtectedWindows1766220000000 } from './1766220000000-protected-windows';

// Listed explicitly (not globbed) so that the same list works from src/ under ts and from dist/.
export const migrations = [InitialSchema1764000000000, Conflicts1764100000000, Digest1764200000000, CalendarFeeds1764300000000, ReachIndex1764400000000, ConsultationTally1764500000000, TallyNetChange1764600000000, TrigramSignatures1764700000000, FatigueRelatedIndex1764800000000, ReachKeysCost1764900000000, ReachKeysByHalfYear1765000000000, TopicWords1765100000000, AudienceReach1765200000000, RetireTrigramSignatures1765300000000, ClashRulesApplied1765400000000, Findings1765500000000, ApiKeys1765600000000, ConflictRefresh1765700000000, Sessions1765800000000, PublicConsultations1765900000000, SingleSignOn1766000000000, JoinRequests1766140000000, OpenToPartners1766150000000, ConsultationReviews1766200000000, DecisionDate1766210000000, ProtectedWindows1766220000000];
