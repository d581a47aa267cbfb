import { parseIsoWeek } from '../common/dates/iso-week';
import { DigestComposer } from '../digest/digest-composer';
import { DeliveryStatus, DigestDeliveries } from '../digest/digest-deliveries';
import { DeliveryOutcome, DigestSender } from '../digest/digest-sender';
import { isAllClear } from '../digest/digest.content';
import { renderDigest } from '../digest/digest.render';
import { Mailer } from '../digest/mailer';
import { cliCommand, optionalString, requireString, UsageError } from './cli-command';

// What digest:send would not send, by the status of the member's delivery this week: the rest
// (NOT PLANNED, PENDING, FAILED) it sends, unless there is nothing to say to someone who wants no all-clear.
const NOT_SENT: Partial<Record<DeliveryStatus | 'NOT PLANNED', string>> = {
  SENDING: 'not sent: another sender has it now',
  SENT: 'not sent: it has gone already, and never goes twice',
  UNCERTAIN: 'not sent: it may have gone (see digestDeliveries); a coordinator re-drives it',
  SKIPPED: 'not sent: skipped (see digestDeliveries); a coordinator re-drives it',
};

export const digestSendCommand = cliCommand({
  name: 'digest:send',
  summary: 'Send the digests of an ISO week not sent yet (--dry-run: list them, send nothing)',
  usage: 'digest:send --week YYYY-Www [--member EMAIL] [--dry-run]',
  options: { week: { type: 'string' }, member: { type: 'string' }, 'dry-run': { type: 'boolean' } },
  args(values) {
    const week = parseIsoWeek(requireString(values, 'week'));
    if (!week) throw new UsageError('--week must be an ISO week that exists, such as 2026-W48');
    return { week, email: optionalString(values, 'member'), dryRun: values['dry-run'] === true };
  },
  async run(context, { week, email, dryRun }) {
    const app = await context.app();
    const sender = app.get(DigestSender);
    const deliveries = app.get(DigestDeliveries);
    const member = email ? await sender.recipient({ email }) : undefined;
    if (email && !member) throw new UsageError(`No member has the email ${email}`);

    if (dryRun) {
      // What each member would get now, and what sending would do: nothing is written.
      context.info(`${week.id}, a dry run: nothing is sent or recorded. Each line: member, their delivery's status, subject, what digest:send would do.`);
      context.info('NOT PLANNED: no delivery for that member and week yet; the weekly run, or digest:send without --dry-run, plans one and sends it.');
      const composer = app.get(DigestComposer);
      const actions: string[] = [];
      for (const recipient of member ? [member] : await sender.recipients()) {
        const status: DeliveryStatus | 'NOT PLANNED' = (await deliveries.statusOf(week, recipient.id)) ?? 'NOT PLANNED';
        const content = await composer.compose(recipient, week);
        const quiet = isAllClear(content) && !recipient.digestAllClear;
        const action = NOT_SENT[status] ?? (quiet ? 'would skip: nothing to report, and no all-clear email wanted' : 'would send');
        actions.push(action);
        context.print(`${recipient.email}\t${status}\t${renderDigest(content, context.config.publicBaseUrl).subject}\t${action}`);
      }
      context.print(`${week.id}: digest:send would send ${actions.filter((a) => a === 'would send').length} of these ${actions.length} digests`);
      return;
    }

    const planned = await deliveries.plan(week, member?.id);
    const ids = await deliveries.idsToSend(week, { memberId: member?.id, includeFailed: true });
    context.info(`${week.id}: ${planned} deliveries planned; sending ${ids.length} through ${app.get(Mailer).describe()}`);
    // A batch at a time, as the queue's workers take them: each batch composed together.
    const size = context.config.digest.sendConcurrency;
    const outcomes: (DeliveryOutcome | 'FAILED')[] = [];
    for (let i = 0; i < ids.length; i += size) {
      for (const outcome of await sender.deliverAll(ids.slice(i, i + size))) outcomes.push(outcome instanceof Error ? 'FAILED' : outcome);
    }
    const count = (outcome: string) => outcomes.filter((o) => o === outcome).length;
    const sent = count('SENT') + count('SENT_UNRECORDED');
    context.print(`${week.id}: ${sent} sent, ${count('SKIPPED')} skipped, ${count('FAILED')} failed, ${count('NOT_CLAIMED')} taken by another sender`);
    if (count('FAILED') > 0) throw new Error(`${count('FAILED')} digests failed; digestDeliveries(weekOf: "${week.start}") shows why`);
  },
});
