import { randomUUID } from 'node:crypto';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { getNamedType, GraphQLSchema, isObjectType, parse, TypeInfo, visit, visitWithTypeInfo } from 'graphql';
import { MemberRole } from '../../src/members/member.entity';
import { createTestApp, GraphQLResult, TestApp } from '../support/test-app';

// Every operation and relation field, called as no one, a viewer, an officer and a coordinator of
// Tamworth (TBC), on Tamworth's own things and on another organisation's (Staffordshire Police).
// A test at the end proves the table reaches every Query and Mutation field and every field
// that returns an object, so a new operation cannot ship without a row here.

type Org = 'own' | 'other';
type Outcome = 'ok' | 'FORBIDDEN' | 'NOT_FOUND' | 'REFUSED';
interface Caller { id: string; apiKey: string; role: MemberRole }
interface Case {
  query: string;
  /** Fresh variables per call, so one role's write never changes what the next role meets. */
  vars?: (org: Org, caller: Caller) => Promise<Record<string, unknown>>;
  /** Outcomes for VIEWER, OFFICER and COORDINATOR, e.g. 'F ok ok'. */
  own: string;
  /** Omitted when the operation has no owning organisation to vary. */
  other?: string;
  /** An answer that is not an error but refuses (an import that reports problems). */
  refused?: (data: any) => boolean;
}

const ROLES: MemberRole[] = ['VIEWER', 'OFFICER', 'COORDINATOR'];
const SHORT: Record<string, Outcome> = { ok: 'ok', F: 'FORBIDDEN', NF: 'NOT_FOUND', R: 'REFUSED' };
const ORGS: Record<Org, string> = { own: 'TBC', other: 'SP' };
const START = '2027-09-06';
const END = '2027-09-26';

const CONFLICT_FIELDS = `id kind severity explanation
  consultation { id } other { id } related { id } sharedAreas { code } sharedAudiences { code }
  blackout { name areas { code } audiences { code } } acknowledgement { note by { email } } otherFindings { responseCount }`;
const CONSULTATION_FIELDS = `id title status organisation { code } areas { code parent { code } } audiences { code parent { code } }
  leadOfficer { email organisation { code } } conflicts { ${CONFLICT_FIELDS} } findings { responseCount statement }
  clashSummary { high medium low pairs { other { id } severity kinds conflicts { id } } unpaired { id } }
  partners { organisation { code } linkedConsultation { id } } joinRequests { id } cancellationReason review { status } advice { id kind adviceRule }`;
const REVIEW_FIELDS = `status reasons { kind explanation } decision { agree note reviewedBy { email } } consultation { id }`;
const JOIN_REQUEST_FIELDS = `id status consultation { id } organisation { code } ownConsultation { id } requestedBy { email } answeredBy { email } endedBy { email }`;
const PLAN_INPUT = (ward: string) => ({ title: 'Matrix check', areaCodes: [ward], audienceCodes: ['OLDER_PEOPLE'], startDate: START, endDate: END });

describe('authorization matrix', () => {
  let t: TestApp;
  let callers: Record<MemberRole, Caller>;
  let authors: Record<Org | 'third', { id: string; apiKey: string; email: string }>;
  let admin: string;
  let wards: string[];
  let fixtures = 0;

  const nextWard = () => wards[fixtures++ % wards.length];
  const register = async (author: string, ward: string, plan: Record<string, unknown> = {}): Promise<string> =>
    (await t.ok(author, `mutation($input: ConsultationInput!) { registerConsultation(input: $input) { id } }`, {
      input: { ...PLAN_INPUT(ward), title: `Fixture ${randomUUID()}`, channels: ['ONLINE_SURVEY'], ...plan },
    })).registerConsultation.id;
  const consultationOf = (org: Org, status = 'PLANNED') => register(authors[org].apiKey, nextWard(), { status });
  const liveOf = async (org: Org) => {
    const id = await consultationOf(org);
    await t.ok(authors[org].apiKey, `mutation($id: ID!) { launchConsultation(id: $id) { id } }`, { id });
    return id;
  };
  const closedOf = async (org: Org) => {
    const id = await liveOf(org);
    await t.ok(authors[org].apiKey, `mutation($id: ID!) { closeConsultation(id: $id) { id } }`, { id });
    return id;
  };
  const withFindingsOf = async (org: Org) => {
    const id = await closedOf(org);
    await t.ok(authors[org].apiKey, `mutation($id: ID!) { recordFindings(consultationId: $id, input: { responseCount: 3, summary: "Matrix findings" }) { id } }`, { id });
    return id;
  };
  /** A kept conflict between a consultation of `a` and one of `b`, by id. */
  const conflictBetween = async (a: Org | 'third', b: Org | 'third') => {
    const ward = nextWard();
    const id = await register(authors[a].apiKey, ward);
    await register(authors[b].apiKey, ward);
    const { consultation } = await t.ok(authors[a].apiKey, `query($id: ID!) { consultation(id: $id) { conflicts { id kind } } }`, { id });
    return consultation.conflicts.find((c: { kind: string }) => c.kind === 'OVERLAP').id as string;
  };
  /** A pending request to join a consultation of `org`: from the police to Tamworth's, from the fire service to the police's. */
  const joinRequestTo = async (org: Org) => {
    const id = await consultationOf(org);
    const asker = authors[org === 'own' ? 'other' : 'third'].apiKey;
    return (await t.ok(asker, `mutation($id: ID!) { requestToJoin(consultationId: $id, note: "Matrix questions") { id } }`, { id })).requestToJoin.id as string;
  };
  /** A pending request from `asker` to join a consultation of the fire service. */
  const requestFrom = async (asker: Org) => {
    const id = await register(authors.third.apiKey, nextWard());
    return (await t.ok(authors[asker].apiKey, `mutation($id: ID!) { requestToJoin(consultationId: $id, note: "Matrix questions") { id } }`, { id })).requestToJoin.id as string;
  };
  /** A consultation of `owner` that `partner` has joined (its request accepted), left as a draft if asked. */
  const partnershipIn = async (owner: Org | 'third', partner: Org | 'third', status = 'PLANNED') => {
    const id = await register(authors[owner].apiKey, nextWard());
    const request = (await t.ok(authors[partner].apiKey, `mutation($id: ID!) { requestToJoin(consultationId: $id, note: "Matrix questions") { id } }`, { id })).requestToJoin.id;
    await t.ok(authors[owner].apiKey, `mutation($id: ID!) { answerJoinRequest(id: $id, accept: true) { id } }`, { id: request });
    if (status === 'DRAFT') await t.ok(authors[owner].apiKey, `mutation($id: ID!) { updateConsultation(id: $id, input: { status: DRAFT }) { id } }`, { id });
    return id;
  };
  const feedOf = async (key: string) => (await t.ok(key, `mutation { createCalendarFeed(label: "Matrix feed") { feed { id } } }`)).createCalendarFeed.feed.id as string;
  const apiKeyOf = async (key: string) => (await t.ok(key, `mutation { createApiKey(label: "Matrix key") { key { id } } }`)).createApiKey.key.id as string;
  // A signed-in browser of the member (signing in itself is tested in defences/sign-in.e2e.ts).
  const sessionOf = async (memberId: string) =>
    (await t.dataSource.query(`INSERT INTO member_session (member_id, token_hash, method, created_at, last_seen_at) VALUES ($1, md5(random()::text) || md5(random()::text), 'EMAIL_LINK', now(), now()) RETURNING id`, [memberId]))[0].id as string;
  const memberOf = (org: Org) => t.member(ORGS[org], 'OFFICER');
  const blackout = async () =>
    (await t.ok(admin, `mutation($input: BlackoutPeriodInput!) { createBlackoutPeriod(input: $input) { id } }`, {
      input: { name: `Matrix blackout ${randomUUID()}`, startDate: '2030-01-01', endDate: '2030-01-02' },
    })).createBlackoutPeriod.id as string;
  const failedDelivery = async (org: Org) => {
    const member = await memberOf(org);
    const [row] = await t.dataSource.query(
      `INSERT INTO digest_delivery (member_id, week, week_start, status, email, last_error) VALUES ($1, '2026-W47', '2026-11-16', 'FAILED', $2, 'mailbox full') RETURNING id`,
      [member.id, member.email],
    );
    return row.id as string;
  };
  const importCsv = (org: Org) =>
    `title,organisation code,start,end,area codes,audience codes\r\nImported ${randomUUID()},${ORGS[org]},${START},${END},${nextWard()},OLDER_PEOPLE`;
  const unique = () => randomUUID().slice(0, 8).toUpperCase();

  const CASES: Record<string, Case> = {
    // Reference data and settings: any member reads, only coordinators change.
    me: { query: `{ me { id role organisation { code } } }`, own: 'ok ok ok' },
    members: { query: `{ members(filter: { organisationCode: "TBC" }) { email organisation { code } } }`, own: 'F F ok' },
    organisations: { query: `{ organisations { code } }`, own: 'ok ok ok' },
    areas: { query: `{ areas(level: DISTRICT) { code parent { code } } }`, own: 'ok ok ok' },
    audiences: { query: `{ audiences { code parent { code } } }`, own: 'ok ok ok' },
    clashRules: { query: `{ clashRules { gapDays severity { group } channels { channel kind } } }`, own: 'ok ok ok' },
    conflicts: { query: `{ conflicts(first: 5, filter: { organisationCodes: ["TBC", "SP"] }) { totalCount pageInfo { endCursor } edges { node { ${CONFLICT_FIELDS} } } } }`, own: 'ok ok ok' },
    blackoutPeriods: { query: `{ blackoutPeriods(from: "2027-01-01", to: "2027-12-31") { name areas { code } audiences { code } } }`, own: 'ok ok ok' },
    createOrganisation: {
      query: `mutation($input: CreateOrganisationInput!) { createOrganisation(input: $input) { code } }`,
      vars: async () => ({ input: { code: `ORG${unique()}`, name: `Parish ${unique()}`, kind: 'OTHER' } }),
      own: 'F F ok',
    },
    createArea: {
      query: `mutation($input: CreateAreaInput!) { createArea(input: $input) { code parent { code } } }`,
      vars: async () => ({ input: { code: `AREA${unique()}`, name: `Area ${unique()}`, level: 'NEIGHBOURHOOD', parentCode: 'E07000199' } }),
      own: 'F F ok',
    },
    createAudience: {
      query: `mutation($input: CreateAudienceInput!) { createAudience(input: $input) { code parent { code } } }`,
      vars: async () => ({ input: { code: `AUD_${unique()}`, name: `Audience ${unique()}`, parentCode: 'RESIDENTS' } }),
      own: 'F F ok',
    },
    updateOrganisation: {
      query: `mutation($code: String!) { updateOrganisation(code: $code, input: { name: "Renamed organisation" }) { code } }`,
      vars: async () => ({ code: (await t.ok(admin, `mutation($input: CreateOrganisationInput!) { createOrganisation(input: $input) { code } }`, { input: { code: `ORG${unique()}`, name: 'Parish', kind: 'OTHER' } })).createOrganisation.code }),
      own: 'F F ok',
    },
    updateArea: {
      query: `mutation($code: String!) { updateArea(code: $code, input: { name: "Renamed area", validTo: "2040-01-01" }) { code parent { code } } }`,
      vars: async () => ({ code: (await t.ok(admin, `mutation($input: CreateAreaInput!) { createArea(input: $input) { code } }`, { input: { code: `AREA${unique()}`, name: 'Area', level: 'NEIGHBOURHOOD', parentCode: 'E07000199' } })).createArea.code }),
      own: 'F F ok',
    },
    importAreas: {
      query: `mutation($csv: String!) { importAreas(csv: $csv, dryRun: true) { imported problems { line } rows { code action } } }`,
      vars: async () => ({ csv: `code,name,level,within\nAREA${unique()},Imported area,NEIGHBOURHOOD,E07000199` }),
      own: 'F F ok',
    },
    updateAudience: {
      query: `mutation($code: String!) { updateAudience(code: $code, input: { name: "Renamed audience" }) { code parent { code } } }`,
      vars: async () => ({ code: (await t.ok(admin, `mutation($input: CreateAudienceInput!) { createAudience(input: $input) { code } }`, { input: { code: `AUD_${unique()}`, name: 'Audience', parentCode: 'RESIDENTS' } })).createAudience.code }),
      own: 'F F ok',
    },
    createBlackoutPeriod: {
      query: `mutation($input: BlackoutPeriodInput!) { createBlackoutPeriod(input: $input) { id } }`,
      vars: async () => ({ input: { name: `Blackout ${unique()}`, startDate: '2030-02-01', endDate: '2030-02-02' } }),
      own: 'F F ok',
    },
    updateBlackoutPeriod: {
      query: `mutation($id: ID!) { updateBlackoutPeriod(id: $id, input: { name: "Renamed blackout" }) { id } }`,
      vars: async () => ({ id: await blackout() }),
      own: 'F F ok',
    },
    deleteBlackoutPeriod: { query: `mutation($id: ID!) { deleteBlackoutPeriod(id: $id) }`, vars: async () => ({ id: await blackout() }), own: 'F F ok' },

    // Consultations: drafts are their organisation's alone; only its officers change them.
    consultation: {
      query: `query($id: ID!) { consultation(id: $id) { ${CONSULTATION_FIELDS} } }`,
      vars: async (org) => ({ id: await consultationOf(org) }),
      own: 'ok ok ok',
      other: 'ok ok ok',
    },
    consultationDraft: {
      query: `query($id: ID!) { consultation(id: $id) { id } }`,
      vars: async (org) => ({ id: await consultationOf(org, 'DRAFT') }),
      own: 'ok ok ok',
      other: 'NF NF NF',
    },
    consultations: {
      query: `{ consultations(first: 5) { totalCount pageInfo { hasNextPage } edges { cursor node { ${CONSULTATION_FIELDS} } } } }`,
      own: 'ok ok ok',
    },
    registerConsultation: {
      query: `mutation($input: ConsultationInput!) { registerConsultation(input: $input) { id } }`,
      vars: async () => ({ input: { ...PLAN_INPUT(nextWard()), title: `Registered ${unique()}` } }),
      own: 'F ok ok',
    },
    updateConsultation: {
      query: `mutation($id: ID!) { updateConsultation(id: $id, input: { summary: "Changed by the matrix" }) { id } }`,
      vars: async (org) => ({ id: await consultationOf(org) }),
      own: 'F ok ok',
      other: 'F F F',
    },
    updateConsultationDraft: {
      query: `mutation($id: ID!) { updateConsultation(id: $id, input: { summary: "Changed by the matrix" }) { id } }`,
      vars: async (org) => ({ id: await consultationOf(org, 'DRAFT') }),
      own: 'F ok ok',
      other: 'F NF NF',
    },
    cancelConsultation: {
      query: `mutation($id: ID!) { cancelConsultation(id: $id) { status } }`,
      vars: async (org) => ({ id: await consultationOf(org) }),
      own: 'F ok ok',
      other: 'F F F',
    },
    cancelConsultationDraft: {
      query: `mutation($id: ID!) { cancelConsultation(id: $id) { status } }`,
      vars: async (org) => ({ id: await consultationOf(org, 'DRAFT') }),
      own: 'F ok ok',
      other: 'F NF NF',
    },
    launchConsultation: {
      query: `mutation($id: ID!) { launchConsultation(id: $id) { status } }`,
      vars: async (org) => ({ id: await consultationOf(org) }),
      own: 'F ok ok',
      other: 'F F F',
    },
    closeConsultation: {
      query: `mutation($id: ID!) { closeConsultation(id: $id) { status } }`,
      vars: async (org) => ({ id: await liveOf(org) }),
      own: 'F ok ok',
      other: 'F F F',
    },

    // Findings: the owning organisation's officers record and publish; every member may search them.
    recordFindings: {
      query: `mutation($id: ID!) { recordFindings(consultationId: $id, input: { responseCount: 7, summary: "Recorded by the matrix" }) { findings { version } } }`,
      vars: async (org) => ({ id: await closedOf(org) }),
      own: 'F ok ok',
      other: 'F F F',
    },
    publishResponse: {
      query: `mutation($id: ID!) { publishResponse(consultationId: $id, statement: "We asked, you said, we did") { status } }`,
      vars: async (org) => ({ id: await withFindingsOf(org) }),
      own: 'F ok ok',
      other: 'F F F',
    },
    findings: {
      query: `{ findings(text: "matrix findings", from: "2020-01-01", to: "2030-01-01") { rank snippet consultation { id findings { responseCount } } } }`,
      own: 'ok ok ok',
    },

    // Joint consultations: an officer asks to join another organisation's; only the owner's officers answer.
    requestToJoin: {
      query: `mutation($id: ID!, $own: ID) { requestToJoin(consultationId: $id, note: "Our questions", ownConsultationId: $own) { ${JOIN_REQUEST_FIELDS} } }`,
      vars: async () => ({ id: await consultationOf('other'), own: await consultationOf('own') }),
      own: 'F ok ok',
    },
    setOpenToPartners: {
      query: `mutation($id: ID!) { setOpenToPartners(id: $id, open: true) { id openToPartners } }`,
      vars: async (org) => ({ id: await consultationOf(org) }),
      own: 'F ok ok',
      other: 'F F F',
    },
    // Network review (REVIEW_PANEL_USE is on here): only coordinators see the queue and decide.
    reviewQueue: { query: `{ reviewQueue { ${REVIEW_FIELDS} } }`, own: 'F F ok' },
    reviewConsultation: {
      query: `mutation($id: ID!) { reviewConsultation(id: $id, agree: true, note: "Agreed: the panel is free") { ${REVIEW_FIELDS} } }`,
      vars: async (org) => ({ id: await register(authors[org].apiKey, nextWard(), { audienceCodes: ['CITIZENS_PANEL'] }) }),
      own: 'F F ok',
      other: 'F F ok',
    },
    // Protected windows: only coordinators protect a consultation or lift its protection; every member reads it.
    protectConsultation: {
      query: `mutation($id: ID!) { protectConsultation(id: $id, daysBefore: 7, daysAfter: 14) { id protection { daysBefore daysAfter } } }`,
      vars: async (org) => ({ id: await consultationOf(org) }),
      own: 'F F ok',
      other: 'F F ok',
    },
    unprotectConsultation: {
      query: `mutation($id: ID!) { unprotectConsultation(id: $id) { id protection { daysBefore daysAfter } } }`,
      vars: async (org) => ({ id: await consultationOf(org) }),
      own: 'F F ok',
      other: 'F F ok',
    },
    answerJoinRequest: {
      query: `mutation($id: ID!) { answerJoinRequest(id: $id, accept: true, note: "Welcome") { ${JOIN_REQUEST_FIELDS} } }`,
      vars: async (org) => ({ id: await joinRequestTo(org) }),
      own: 'F ok ok',
      other: 'F NF NF',
    },

    // Ending: the asking organisation withdraws its pending request or leaves; the owner removes a partner.
    withdrawJoinRequest: {
      query: `mutation($id: ID!) { withdrawJoinRequest(id: $id, note: "Not now") { ${JOIN_REQUEST_FIELDS} } }`,
      vars: async (org) => ({ id: await requestFrom(org) }),
      own: 'F ok ok',
      other: 'F NF NF',
    },
    leavePartnership: {
      query: `mutation($id: ID!) { leavePartnership(consultationId: $id) { ${JOIN_REQUEST_FIELDS} } }`,
      // Own: Tamworth is the partner; other: a police draft the fire service joined, which Tamworth does not see.
      vars: async (org) => ({ id: org === 'own' ? await partnershipIn('third', 'own') : await partnershipIn('other', 'third', 'DRAFT') }),
      own: 'F ok ok',
      other: 'F NF NF',
    },
    removePartner: {
      query: `mutation($id: ID!, $code: String!) { removePartner(consultationId: $id, organisationCode: $code) { ${JOIN_REQUEST_FIELDS} } }`,
      vars: async (org) => (org === 'own' ? { id: await partnershipIn('own', 'other'), code: 'SP' } : { id: await partnershipIn('other', 'third'), code: 'SFRS' }),
      own: 'F ok ok',
      other: 'F F F',
    },

    // Conflicts: anyone may check a plan; only an organisation on a side may acknowledge.
    checkConsultation: {
      query: `query($input: ConsultationInput!) { checkConsultation(input: $input) { ${CONFLICT_FIELDS} } }`,
      vars: async () => ({ input: PLAN_INPUT(wards[0]) }),
      own: 'ok ok ok',
    },
    checkConsultationSummary: {
      query: `query($input: ConsultationInput!) { checkConsultationSummary(input: $input, first: 5) { total bySeverity { severity count } byKind { kind count } conflicts { ${CONFLICT_FIELDS} } } }`,
      vars: async () => ({ input: PLAN_INPUT(wards[0]) }),
      own: 'ok ok ok',
    },
    partnerOpportunities: {
      query: `query($input: ConsultationInput!) { partnerOpportunities(input: $input) { ${CONSULTATION_FIELDS} } }`,
      vars: async () => ({ input: PLAN_INPUT(wards[0]) }),
      own: 'ok ok ok',
    },
    suggestWindows: {
      query: `query($input: ConsultationInput!) { suggestWindows(input: $input, from: "2027-09-01", to: "2027-12-01") { startDate endDate latestStartDate conflicts { kind } } }`,
      vars: async () => ({ input: PLAN_INPUT(wards[0]) }),
      own: 'ok ok ok',
    },
    acknowledgeConflict: {
      query: `mutation($id: ID!) { acknowledgeConflict(id: $id, note: "Agreed at the network meeting") { id } }`,
      // Own: Tamworth is a side. Other: a clash between the police and the fire service.
      vars: async (org) => ({ id: org === 'own' ? await conflictBetween('own', 'other') : await conflictBetween('other', 'third') }),
      own: 'F ok ok',
      other: 'F NF NF',
    },
    acknowledgeConflicts: {
      query: `mutation($ids: [ID!]!) { acknowledgeConflicts(ids: $ids, note: "Agreed at the network meeting") { id } }`,
      vars: async (org) => ({ ids: [org === 'own' ? await conflictBetween('own', 'other') : await conflictBetween('other', 'third')] }),
      own: 'F ok ok',
      other: 'F NF NF',
    },

    // Views and spreadsheets: what the caller may see, drafts only their own.
    calendar: {
      query: `{ calendar(from: "${START}", to: "${END}", areaCodes: ["E07000199"], audienceCodes: ["OLDER_PEOPLE"]) {
        areas { code } audiences { code } consultations { id } segments { consultations { id } }
        periods { label cells { count area { code } audience { code } consultations { id } } } } }`,
      own: 'ok ok ok',
    },
    exportConsultations: { query: `{ exportConsultations { rowCount } }`, own: 'ok ok ok' },
    exportConflicts: { query: `{ exportConflicts { rowCount } }`, own: 'ok ok ok' },
    importConsultations: {
      query: `mutation($csv: String!) { importConsultations(csv: $csv) { imported problems { field } rows { consultation { id } conflicts { kind } } } }`,
      vars: async (org) => ({ csv: importCsv(org) }),
      refused: (data) => data.importConsultations.problems.length > 0,
      own: 'F ok ok',
      other: 'F R ok',
    },

    // Feeds and digests: your own, or anyone's for a coordinator.
    myCalendarFeeds: { query: `{ myCalendarFeeds { id } }`, own: 'ok ok ok' },
    createCalendarFeed: { query: `mutation { createCalendarFeed(label: "Phone") { consultationsUrl feed { id } } }`, own: 'ok ok ok' },
    revokeCalendarFeed: {
      query: `mutation($id: ID!) { revokeCalendarFeed(id: $id) { revokedAt } }`,
      vars: async (org, caller) => ({ id: await feedOf(org === 'own' ? caller.apiKey : authors.other.apiKey) }),
      own: 'ok ok ok',
      other: 'NF NF ok',
    },
    myApiKeys: { query: `{ myApiKeys { id label } }`, own: 'ok ok ok' },
    createApiKey: { query: `mutation { createApiKey(label: "Matrix script") { apiKey key { id } } }`, own: 'ok ok ok' },
    revokeApiKey: {
      query: `mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }`,
      vars: async (org, caller) => ({ id: await apiKeyOf(org === 'own' ? caller.apiKey : authors.other.apiKey) }),
      own: 'ok ok ok',
      other: 'NF NF ok',
    },
    mySessions: { query: `{ mySessions { id current } }`, own: 'ok ok ok' },
    memberSessions: {
      query: `query($id: ID!) { memberSessions(memberId: $id) { id current } }`,
      vars: async (org) => ({ id: authors[org].id }),
      own: 'F F ok',
      other: 'F F ok',
    },
    endSession: {
      query: `mutation($id: ID!) { endSession(id: $id) { endedAt } }`,
      vars: async (org, caller) => ({ id: await sessionOf(org === 'own' ? caller.id : authors.other.id) }),
      own: 'ok ok ok',
      other: 'NF NF ok',
    },
    myDigestPreferences: { query: `{ myDigestPreferences { enabled areas { code } audiences { code } } }`, own: 'ok ok ok' },
    updateMyDigestPreferences: {
      query: `mutation { updateMyDigestPreferences(input: { enabled: true, areaCodes: ["E07000199"] }) { areas { code } audiences { code } } }`,
      own: 'ok ok ok',
    },
    digestPreview: {
      query: `query($memberId: ID) { digestPreview(memberId: $memberId, weekOf: "2027-09-06") { subject items { title } } }`,
      vars: async (org, caller) => ({ memberId: org === 'own' ? caller.id : authors.other.id }),
      own: 'ok ok ok',
      other: 'F F ok',
    },
    digestDeliveries: { query: `{ digestDeliveries(weekOf: "2026-11-16") { status member { email } } }`, own: 'F F ok' },
    digestDeliveryCounts: { query: `{ digestDeliveryCounts(weekOf: "2026-11-16") { status count } }`, own: 'F F ok' },
    redriveDigestDelivery: {
      query: `mutation($id: ID!) { redriveDigestDelivery(id: $id) { status } }`,
      vars: async (org) => ({ id: await failedDelivery(org) }),
      own: 'F F ok',
      other: 'F F ok',
    },

    // Members and the audit log: coordinators only, across the network.
    auditLog: { query: `{ auditLog(first: 3) { totalCount pageInfo { endCursor } edges { node { action actor { email } } } } }`, own: 'F F ok' },
    createMember: {
      query: `mutation($input: CreateMemberInput!) { createMember(input: $input) { apiKey member { email organisation { code } } } }`,
      vars: async (org) => ({ input: { organisationCode: ORGS[org], email: `new.${unique().toLowerCase()}@example.org`, role: 'VIEWER' } }),
      own: 'F F ok',
      other: 'F F ok',
    },
    issueApiKey: {
      query: `mutation($id: ID!) { issueApiKey(id: $id) { apiKey member { email organisation { code } } } }`,
      vars: async (org) => ({ id: (await memberOf(org)).id }),
      own: 'F F ok',
      other: 'F F ok',
    },
    updateMember: {
      query: `mutation($id: ID!) { updateMember(id: $id, input: { name: "Renamed" }) { name organisation { code } } }`,
      vars: async (org) => ({ id: (await memberOf(org)).id }),
      own: 'F F ok',
      other: 'F F ok',
    },
    deactivateMember: {
      query: `mutation($id: ID!) { deactivateMember(id: $id) { active } }`,
      vars: async (org) => ({ id: (await memberOf(org)).id }),
      own: 'F F ok',
      other: 'F F ok',
    },
    eraseMember: {
      query: `mutation($id: ID!) { eraseMember(id: $id) { name } }`,
      vars: async (org) => ({ id: (await memberOf(org)).id }),
      own: 'F F ok',
      other: 'F F ok',
    },
  };

  const auditCount = async (): Promise<number> => Number((await t.dataSource.query(`SELECT count(*) AS n FROM audit_log`))[0].n);

  function outcomeOf(result: GraphQLResult, refused?: Case['refused']): Outcome | string {
    const error = result.errors?.[0];
    if (error) return error.extensions?.code ?? error.message;
    return refused?.(result.data) ? 'REFUSED' : 'ok';
  }

  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMIT_PER_MINUTE: '100000', REVIEW_PANEL_USE: 'true' });
    callers = {} as Record<MemberRole, Caller>;
    for (const role of ROLES) callers[role] = { ...(await t.member(ORGS.own, role)), role };
    authors = { own: await t.member(ORGS.own, 'OFFICER'), other: await t.member(ORGS.other, 'OFFICER'), third: await t.member('SFRS', 'OFFICER') };
    admin = (await t.member('SCC', 'COORDINATOR')).apiKey;
    const { areas } = await t.ok(admin, `{ areas(level: WARD, validOn: "${START}") { code } }`);
    wards = areas.map((a: { code: string }) => a.code);
  });
  afterAll(() => t.close());

  const rows = Object.entries(CASES).flatMap(([name, c]) =>
    (c.other ? (['own', 'other'] as Org[]) : (['own'] as Org[])).map((org) => ({ name, org, c })),
  );

  it.each(rows)('$name on $org organisation’s', async ({ c, org }) => {
    const expected: Record<string, string> = { none: 'UNAUTHENTICATED' };
    const actual: Record<string, string> = {};
    (org === 'own' ? c.own : c.other!).split(' ').forEach((short, i) => (expected[ROLES[i]] = SHORT[short]));

    const anonymous = await t.graphql(undefined, c.query, await c.vars?.(org, callers.OFFICER));
    actual.none = outcomeOf(anonymous);
    expect(anonymous.data ?? null).toBeNull();
    for (const role of ROLES) {
      const vars = await c.vars?.(org, callers[role]);
      const before = await auditCount();
      const outcome = outcomeOf(await t.graphql(callers[role].apiKey, c.query, vars), c.refused);
      actual[role] = outcome;
      // A refused call changes nothing, so it leaves no audit entry.
      if (outcome !== 'ok') expect({ role, audited: (await auditCount()) - before }).toEqual({ role, audited: 0 });
    }
    expect(actual).toEqual(expected);
  });

  describe('another organisation’s draft', () => {
    // A police draft in a Tamworth ward, three weeks after a Tamworth plan in the same ward.
    const DRAFT_PLAN = { title: 'Police draft: neighbourhood speed watch', startDate: '2027-10-18', endDate: '2027-11-07' };
    let ward: string;
    let draftId: string;
    let ownId: string;
    let suggestedBefore: Record<string, unknown>;
    const SUGGEST = `query($input: ConsultationInput!) { suggestWindows(input: $input, from: "2027-09-01", to: "2027-12-31", limit: 5) { startDate } }`;
    const suggestions = (key: string) => t.ok(key, SUGGEST, { input: { ...PLAN_INPUT(ward), title: 'Speed watch survey' } });
    const viewers = () => [...ROLES.map((role) => callers[role].apiKey)];

    beforeAll(async () => {
      ward = nextWard();
      ownId = await register(authors.own.apiKey, ward);
      suggestedBefore = { own: await suggestions(callers.OFFICER.apiKey), police: await suggestions(authors.other.apiKey) };
      draftId = await register(authors.other.apiKey, ward, { ...DRAFT_PLAN, status: 'DRAFT' });
    });

    it('answers exactly as an id that does not exist, for every role and operation', async () => {
      const byId = [
        `query($id: ID!) { consultation(id: $id) { id } }`,
        `mutation($id: ID!) { updateConsultation(id: $id, input: { title: "Taken over" }) { id } }`,
        `mutation($id: ID!) { cancelConsultation(id: $id) { id } }`,
        `mutation($id: ID!) { launchConsultation(id: $id) { id } }`,
        `mutation($id: ID!) { closeConsultation(id: $id) { id } }`,
      ];
      for (const key of viewers()) {
        for (const query of byId) {
          const [draft, missing] = await Promise.all([t.graphql(key, query, { id: draftId }), t.graphql(key, query, { id: randomUUID() })]);
          expect(draft.errors).toHaveLength(1);
          expect(draft).toEqual(missing);
        }
      }
    });

    it('is left out of lists, totals, the calendar, exports and conflicts, which its own organisation does see', async () => {
      const filter = { areaCodes: [ward], statuses: ['DRAFT', 'PLANNED'] };
      const seen = async (key: string) => {
        const data = await t.ok(key, `query($filter: ConsultationFilter, $ward: String!) {
          consultations(filter: $filter, first: 50) { totalCount edges { node { id conflicts { other { id } } } } }
          calendar(from: "2027-09-01", to: "2027-12-31", areaCodes: [$ward], statuses: [DRAFT, PLANNED]) { consultations { id } }
          exportConsultations(filter: $filter) { content }
        }`, { filter, ward });
        return {
          listed: data.consultations.edges.map((e: { node: { id: string } }) => e.node.id).sort(),
          total: data.consultations.totalCount,
          inCalendar: data.calendar.consultations.map((c: { id: string }) => c.id).sort(),
          exported: data.exportConsultations.content.includes(DRAFT_PLAN.title),
          namedByConflicts: JSON.stringify(data.consultations.edges).includes(draftId),
        };
      };
      for (const key of viewers()) {
        expect(await seen(key)).toEqual({ listed: [ownId], total: 1, inCalendar: [ownId], exported: false, namedByConflicts: false });
      }
      const police = await seen(authors.other.apiKey);
      expect(police).toMatchObject({ listed: [ownId, draftId].sort(), total: 2, inCalendar: [ownId, draftId].sort(), exported: true });
    });

    it('raises no clash and moves no suggested window for others, but does for its own organisation', async () => {
      for (const key of viewers()) {
        const { checkConsultation } = await t.ok(key, `query($input: ConsultationInput!) { checkConsultation(input: $input) { other { id } related { id } explanation } }`, {
          input: { ...PLAN_INPUT(ward), ...DRAFT_PLAN, title: 'Speed watch survey' },
        });
        expect(JSON.stringify(checkConsultation)).not.toContain(draftId);
        expect(JSON.stringify(checkConsultation)).not.toContain('Police draft');
      }
      expect(await suggestions(callers.OFFICER.apiKey)).toEqual(suggestedBefore.own);
      expect(await suggestions(authors.other.apiKey)).not.toEqual(suggestedBefore.police);
    });

    it('never appears in a feed or a digest of another organisation', async () => {
      for (const role of ROLES) {
        const { createCalendarFeed } = await t.ok(callers[role].apiKey, `mutation { createCalendarFeed(label: "Draft check") { consultationsUrl } }`);
        const feed = await (await fetch(createCalendarFeed.consultationsUrl.replace(/^https?:\/\/[^/]+/, t.baseUrl))).text();
        expect(feed).toContain('BEGIN:VCALENDAR');
        expect(feed).not.toContain('Police draft');
        const { digestPreview } = await t.ok(callers[role].apiKey, `{ digestPreview(weekOf: "2027-10-18") { text html } }`);
        expect(digestPreview.text + digestPreview.html).not.toContain('Police draft');
      }
    });
  });

  describe('another organisation’s members', () => {
    const MEMBER = 'name email role active digestEnabled';
    const READ = `query($id: ID!) { consultation(id: $id) { leadOfficer { ${MEMBER} } conflicts { acknowledgement { by { ${MEMBER} } } } } }`;
    let lead: Record<Org, { id: string; email: string }>;
    let consultations: Record<Org, string>;

    beforeAll(async () => {
      lead = { own: authors.own, other: authors.other };
      consultations = {} as Record<Org, string>;
      for (const org of ['own', 'other'] as Org[]) {
        const ward = nextWard();
        consultations[org] = await register(authors[org].apiKey, ward, { leadOfficerEmail: lead[org].email });
        await register(authors.third.apiKey, ward);
        const { consultation } = await t.ok(authors[org].apiKey, `query($id: ID!) { consultation(id: $id) { conflicts { id kind } } }`, { id: consultations[org] });
        const overlap = consultation.conflicts.find((c: { kind: string }) => c.kind === 'OVERLAP').id;
        await t.ok(authors[org].apiKey, `mutation($id: ID!) { acknowledgeConflict(id: $id, note: "Agreed at the network meeting") { id } }`, { id: overlap });
      }
    });

    it('are a name and an email only, as lead officers and as acknowledgers, unless the caller is a coordinator', async () => {
      for (const org of ['own', 'other'] as Org[]) {
        for (const role of ROLES) {
          const { consultation } = await t.ok(callers[role].apiKey, READ, { id: consultations[org] });
          const members = [consultation.leadOfficer, ...consultation.conflicts.map((c: { acknowledgement: { by: unknown } | null }) => c.acknowledgement?.by).filter(Boolean)];
          expect(members.length).toBeGreaterThanOrEqual(2);
          const details = org === 'own' || role === 'COORDINATOR' ? { role: 'OFFICER', active: true, digestEnabled: expect.any(Boolean) } : { role: null, active: null, digestEnabled: null };
          for (const member of members) expect({ org, role, member }).toEqual({ org, role, member: { name: expect.any(String), email: lead[org].email, ...details } });
        }
      }
    });
  });

  it('reaches every query, mutation and relation field of the schema', () => {
    const schema = t.app.get(GraphQLSchemaHost).schema;
    const reached = new Set(Object.values(CASES).flatMap((c) => coordinatesIn(schema, c.query)));
    const missing = requiredCoordinates(schema).filter((coordinate) => !reached.has(coordinate));
    expect(missing).toEqual([]);
  });
});

/** Type.field for every field a document selects. */
function coordinatesIn(schema: GraphQLSchema, query: string): string[] {
  const typeInfo = new TypeInfo(schema);
  const found: string[] = [];
  visit(parse(query), visitWithTypeInfo(typeInfo, {
    Field() {
      const parent = typeInfo.getParentType();
      if (parent) found.push(`${parent.name}.${typeInfo.getFieldDef()!.name}`);
    },
  }));
  return found;
}

/** Every Query and Mutation field, and every field of an object type that returns another object. */
function requiredCoordinates(schema: GraphQLSchema): string[] {
  return Object.values(schema.getTypeMap())
    .filter(isObjectType)
    .filter((type) => !type.name.startsWith('__'))
    .flatMap((type) => Object.values(type.getFields())
      .filter((field) => type === schema.getQueryType() || type === schema.getMutationType() || isObjectType(getNamedType(field.type)))
      .map((field) => `${type.name}.${field.name}`));
}
