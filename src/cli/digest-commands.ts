import { mapWithConcurrency } from '../common/concurrency';
import { parseIsoWeek } from '../common/dates/iso-week';
import { DigestComposer } from '../digest/digest-composer';
import { DigestDeliveries } from '../digest/digest-deliveries';
import { DeliveryOutcome, DigestSender } from '../digest/digest-sender';
import { renderDigest } from '../digest/digest.render';
import { Mailer } from '../digest/mailer';
import { CliCommand, optionalString, requireString, UsageError } from './cli-command';

export const digestSendCommand: CliCommand = {
  name: 'digest:send',
  summary: 'Send the digests of an ISO week not sent yet (--dry-run: list them, send nothing)',
  usage: 'digest:send --week YYYY-Www [--member EMAIL] [--dry-run]',
  options: { week: { type: 'string' }, member: { type: 'string' }, 'dry-run': { type: 'boolean' } },
  async run(context, values) {
    const week = parseIsoWeek(requireString(values, 'week'));
    if (!week) throw new UsageError('--week must be an ISO week that exists, such as 2026-W48');
    const app = await context.app();
    const sender = app.get(DigestSender);
    const deliveries = app.get(DigestDeliveries);
    const email = optionalString(values, 'member');
    const member = email ? await sender.recipient({ email }) : undefined;
    if (email && !member) throw new UsageError(`No member has the email ${email}`);

    if (values['dry-run']) {
      // What each member would get now, and whether it has gone already: nothing is written.
      const composer = app.get(DigestComposer);
      for (const recipient of member ? [member] : await sender.recipients()) {
        const status = (await deliveries.statusOf(week, recipient.id)) ?? 'NOT PLANNED';
        const digest = renderDigest(await composer.compose(recipient, week), context.config.publicBaseUrl);
        context.print(`${recipient.email}\t${status}\t${digest.subject}`);
      }
      return;
    }

    const planned = await deliveries.plan(week, member?.id);
    const ids = await deliveries.idsToSend(week, { memberId: member?.id, includeFailed: true });
    context.info(`${week.id}: ${planned} deliveries planned; sending ${ids.length} through ${app.get(Mailer).describe()}`);
    const outcomes = await mapWithConcurrency(ids, context.config.digest.sendConcurrency, (id) =>
      sender.deliver(id).catch((): DeliveryOutcome | 'FAILED' => 'FAILED'),
    );
    const count = (outcome: string) => outcomes.filter((o) => o === outcome).length;
    const sent = count('SENT') + count('SENT_UNRECORDED');
    context.print(`${week.id}: ${sent} sent, ${count('SKIPPED')} skipped, ${count('FAILED')} failed, ${count('NOT_CLAIMED')} taken by another sender`);
    if (count('FAILED') > 0) throw new Error(`${count('FAILED')} digests failed; digestDeliveries(weekOf: "${week.start}") shows why`);
  },
};
