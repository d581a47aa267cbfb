import { unpaced } from '../../common/deadline/pacer';
import { JudgingResult, JudgingTask, taskSteps } from './judging-tasks';

// A judging thread (JudgingThreads): runs one task whole. The pool lowers its priority, so the
// event loop's thread (health checks, members' everyday requests) goes first on a busy machine.
export default function judge<T extends JudgingTask>(task: T): JudgingResult<T> {
  return unpaced(taskSteps(task));
}
