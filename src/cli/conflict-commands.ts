import { ConflictReevaluation } from '../conflicts/conflict-reevaluation';
import { cliCommand, noArgs } from './cli-command';

export const reevaluateCommand = cliCommand({
  name: 'conflicts:reevaluate',
  summary: 'Judge every kept conflict again under the rules in force (the service does this by itself when they change)',
  usage: 'conflicts:reevaluate',
  options: {},
  args: noArgs,
  async run(context) {
    const app = await context.app();
    context.info('Judging the conflicts of every registered consultation again…');
    const done = await app.get(ConflictReevaluation).all();
    if (!done) throw new Error('Another instance of the service is re-evaluating the conflicts now: try again when it has finished');
    context.print(`Re-evaluated the conflicts of ${done.consultations} consultations in ${done.seconds} s`);
  },
});
