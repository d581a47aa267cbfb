import { SmtpSink, startSmtpSink } from './smtp-sink';
import { createTestApp, TestApp } from './test-app';
import { TestClock } from './test-clock';

export type Key = { id: string; apiKey: string; email: string };

/** The people of the joint consultation specs: the county owns the joint consultation, the others ask to join it. */
export interface JointNetwork {
  t: TestApp;
  sink: SmtpSink;
  county: Key;
  countyCoordinator: Key;
  countyViewer: Key;
  police: Key;
  policeViewer: Key;
  tamworth: Key;
  lichfield: Key;
}

/** What the young people's safety surveys of these specs share: Tamworth's young people, online. */
export const SAFETY = { areaCodes: ['E07000199'], audienceCodes: ['YOUNG_PEOPLE'], topics: ['community safety'], channels: ['ONLINE_SURVEY'] };

/** The service (today 15 January 2027) mailing an in-process SMTP server, and its members by organisation. */
export async function startJointNetwork(): Promise<JointNetwork> {
  const sink = await startSmtpSink();
  const t = await createTestApp({ PUBLIC_BASE_URL: 'https://calendar.network.example', SMTP_HOST: '127.0.0.1', SMTP_PORT: String(sink.port) }, undefined, new TestClock('2027-01-15T09:00:00Z'));
  return {
    t,
    sink,
    county: await t.member('SCC', 'OFFICER', 'sam.survey@staffordshire.example'),
    countyCoordinator: await t.member('SCC', 'COORDINATOR', 'cora.network@staffordshire.example'),
    countyViewer: await t.member('SCC', 'VIEWER', 'vic.viewer@staffordshire.example'),
    police: await t.member('SP', 'OFFICER', 'pc.engagement@police.example'),
    policeViewer: await t.member('SP', 'VIEWER', 'viewer@police.example'),
    tamworth: await t.member('TBC', 'OFFICER', 'tam@tamworth.example'),
    lichfield: await t.member('LDC', 'OFFICER', 'lee@lichfield.example'),
  };
}
