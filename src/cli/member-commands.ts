import { validate } from 'class-validator';
import { plainToInstance } from 'class-transformer';
import { DataSource } from 'typeorm';
import { AppError } from '../common/errors/app-error';
import { MEMBER_ROLES, MemberRole } from '../members/member.entity';
import { CreateMemberInput } from '../members/member.inputs';
import { MembersService } from '../members/members.service';
import { seedReferenceData } from '../seed/seed';
import { COUNTY_COUNCIL_CODE } from '../seed/reference-data';
import { cliCommand, CliContext, optionalString, requireString, UsageError } from './cli-command';

// The member to create, checked as the API checks it (email shape, name length) before anything connects.
async function memberInput(fields: { organisationCode: string; email: string; name?: string; role: MemberRole }): Promise<CreateMemberInput> {
  const input = plainToInstance(CreateMemberInput, fields);
  const problems = await validate(input);
  if (problems.length) throw new UsageError(problems.flatMap((p) => Object.values(p.constraints ?? {})).join('; '));
  return input;
}

async function createMember(context: CliContext, input: CreateMemberInput) {
  const app = await context.app();
  const { member, apiKey } = await app.get(MembersService).create(undefined, input);
  context.info(`Created ${member.role} ${member.name} <${member.email}> in ${input.organisationCode}. The API key below is shown once; keep it safe.`);
  context.print(apiKey);
}

export const bootstrapCommand = cliCommand({
  name: 'bootstrap',
  summary: 'Load the reference data and create a coordinator; prints their API key',
  usage: 'bootstrap --email E [--name N] [--org CODE]',
  options: { email: { type: 'string' }, name: { type: 'string' }, org: { type: 'string' } },
  args: (values) =>
    memberInput({
      email: requireString(values, 'email'),
      organisationCode: optionalString(values, 'org') ?? COUNTY_COUNCIL_CODE,
      name: optionalString(values, 'name'),
      role: 'COORDINATOR',
    }),
  async run(context, input) {
    const app = await context.app();
    const seeded = await seedReferenceData(app.get(DataSource));
    context.info(`Reference data: ${seeded.organisations} organisations, ${seeded.areas} areas, ${seeded.audiences} audiences, ${seeded.blackouts} blackout periods added`);
    await createMember(context, input);
  },
});

export const memberCreateCommand = cliCommand({
  name: 'member:create',
  summary: 'Create a member; prints their API key',
  usage: `member:create --org CODE --email E --role ${MEMBER_ROLES.join('|')} [--name N]`,
  options: { org: { type: 'string' }, email: { type: 'string' }, role: { type: 'string' }, name: { type: 'string' } },
  args(values) {
    const role = requireString(values, 'role').toUpperCase();
    if (!(MEMBER_ROLES as readonly string[]).includes(role)) throw new UsageError(`--role must be one of ${MEMBER_ROLES.join(', ')}`);
    return memberInput({
      organisationCode: requireString(values, 'org'),
      email: requireString(values, 'email'),
      name: optionalString(values, 'name'),
      role: role as MemberRole,
    });
  },
  run: createMember,
});

export const memberKeyCommand = cliCommand({
  name: 'member:key',
  summary: 'Give a member a new API key (their old one stops working); prints it',
  usage: 'member:key --email E',
  options: { email: { type: 'string' } },
  args: (values) => requireString(values, 'email'),
  async run(context, email) {
    const members = (await context.app()).get(MembersService);
    const member = await members.findByEmail(email);
    if (!member) throw AppError.badInput('email', `No member has the email ${email}`);
    const { member: issued, apiKey } = await members.issueApiKey(undefined, member.id);
    context.info(`A new API key for ${issued.role} ${issued.name} <${issued.email}>; their old key no longer works. It is shown once; keep it safe.`);
    context.print(apiKey);
  },
});
