import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { join } from 'node:path';
import Piscina from 'piscina';
import { paced, unpaced } from '../../common/deadline/pacer';
import { currentDeadline } from '../../common/deadline/request-deadline';
import { AppConfig } from '../../config/app-config';
import { JudgingResult, JudgingTask, taskSteps } from './judging-tasks';

/**
 * Where the clash check's CPU-bound work runs. A heavy request's (one the heavy lane admitted: big
 * checks, long window searches, imports) runs whole in a judging thread, so its judging neither
 * holds the event loop nor pauses it for collection of its garbage; everything else runs on the
 * event loop, paced (pacer.ts), where a small check is answered sooner than a thread could be
 * handed it. JUDGING_THREADS=0 keeps all of it on the event loop.
 */
@Injectable()
export class JudgingThreads implements OnModuleDestroy {
  private readonly threads: number;
  private readonly nice: number;
  private pool: Piscina | undefined;
  private running = 0;

  constructor(@Inject(ConfigService) config: ConfigService<AppConfig, true>) {
    ({ judgingThreads: this.threads, judgingThreadNice: this.nice } = config.get('graphql', { infer: true }));
  }

  /** The task's result; on the event loop `paced` (others get a turn every few milliseconds) or, where a transaction should not wait, whole. */
  async run<T extends JudgingTask>(task: T, { paced: onLoopPaced = true } = {}): Promise<JudgingResult<T>> {
    const deadline = currentDeadline();
    if (!deadline?.heavy || this.threads === 0) return onLoopPaced ? paced(taskSteps(task)) : unpaced(taskSteps(task));
    this.running++;
    try {
      return await this.started().run(task, { signal: deadline.signal });
    } catch (error) {
      // Aborted at the deadline (its thread ended with it): the member is told so, as for work on the event loop.
      deadline.throwIfPassed();
      throw error;
    } finally {
      this.running--;
    }
  }

  /**
   * Tasks handed to the threads and not yet settled, of those the ones waiting for a thread (a task
   * stopped at its deadline leaves both, and its thread is ended), and the tasks the threads have completed.
   */
  get load(): { running: number; queued: number; completed: number } {
    return { running: this.running, queued: this.pool?.queueSize ?? 0, completed: this.pool?.completed ?? 0 };
  }

  async onModuleDestroy(): Promise<void> {
    await this.pool?.destroy();
  }

  // Started at the first heavy request: most processes (the CLI, tests, a quiet day) never need one.
  private started(): Piscina {
    return (this.pool ??= new Piscina({
      ...workerFile(),
      maxThreads: this.threads,
      minThreads: 0,
      idleTimeout: 60_000,
      // Lowered (Linux nice, per thread): on a busy machine the kernel gives the event loop's thread
      // the core first, so health checks and members' everyday requests are answered meanwhile.
      niceIncrement: this.nice,
    }));
  }
}

/** The built thread's file, or (run from the sources, as tests are) the TypeScript one through a transpiler. */
function workerFile(): { filename: string; execArgv?: string[] } {
  const fromSources = __filename.endsWith('.ts');
  return { filename: join(__dirname, `judging.worker.${fromSources ? 'ts' : 'js'}`), execArgv: fromSources ? ['--require', '@swc-node/register'] : undefined };
}
