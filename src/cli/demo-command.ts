import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { AuthService } from '../auth/auth.service';
import { MemberRole } from '../members/member.entity';
import { MembersService } from '../members/members.service';
import { DATA_DIR } from '../seed/reference-data';
import { seedReferenceData } from '../seed/seed';
import { ConsultationImportService } from '../spreadsheets/consultation-import.service';
import { alignColumns, cliCommand, noArgs } from './cli-command';

// A register to try the service on: the labelled realistic year (216 PLANNED consultations of the
// network's 15 organisations, on their 2027 dates, which the reference calendar's elections and
// holidays are for) through the public import, and four members with keys. The README's examples
// use these members.
export const DEMO_REGISTER = join(DATA_DIR, 'realistic-year-2027', 'register.csv');

export const DEMO_MEMBERS: readonly { organisationCode: string; email: string; name: string; role: MemberRole }[] = [
  { organisationCode: 'SCC', email: 'coordinator@staffordshire.example', name: 'Casey Coordinator', role: 'COORDINATOR' },
  { organisationCode: 'TBC', email: 'officer@tamworth.example', name: 'Tam Officer', role: 'OFFICER' },
  { organisationCode: 'SP', email: 'officer@police.example', name: 'Pat Officer', role: 'OFFICER' },
  { organisationCode: 'SSOT-ICB', email: 'analyst@nhs.example', name: 'Val Viewer', role: 'VIEWER' },
];

export const demoCommand = cliCommand({
  name: 'demo',
  summary: 'Load a sample year of the network and four members (coordinator, officers at TBC and SP, a viewer); prints their keys. Run again: new keys, nothing else',
  usage: 'demo',
  options: {},
  args: noArgs,
  async run(context) {
    const app = await context.app();
    await seedReferenceData(app.get(DataSource));
    const members = app.get(MembersService);
    const keyed: string[][] = [];
    for (const member of DEMO_MEMBERS) {
      const existing = await members.findByEmail(member.email);
      const { apiKey } = existing ? await members.issueApiKey(undefined, existing.id) : await members.create(undefined, member);
      keyed.push([member.role, member.email, member.organisationCode, apiKey]);
    }

    const coordinator = (await app.get(AuthService).callerForEmail(DEMO_MEMBERS[0].email))!;
    const report = await app.get(ConsultationImportService).importCsv(coordinator, await readFile(DEMO_REGISTER, 'utf8'), false);
    // A second run finds every row registered already: each is then a problem with its title.
    const again = !report.imported && report.problems.every((p) => p.field === 'title');
    if (!report.imported && !again) throw new Error(`The sample year did not import: ${report.problems.map((p) => `line ${p.line}: ${p.message}`).join('; ')}`);
    context.info(
      report.imported
        ? `Registered the sample year: ${report.rows.length} consultations of 2027, ${report.rows.filter((row) => row.conflicts.some((c) => c.severity === 'HIGH')).length} of them with a HIGH clash.`
        : 'The sample year is registered already: nothing was imported. The demo members have new keys; their old ones no longer work.',
    );
    context.info(`Open ${context.config.publicBaseUrl}/ and paste a key below. Each is shown once; \`npm run cli -- demo\` again gives new ones.`);
    alignColumns(keyed).forEach((line) => context.print(line));
  },
});
