import { runCli } from '../../src/cli/run-cli';

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** The last line of stdout: where a command prints a key. */
  lastLine: string;
}

export function cliRun(code: number | null, stdout: string, stderr: string): CliRun {
  return { code, stdout, stderr, lastLine: stdout.trimEnd().split('\n').pop() ?? '' };
}

/**
 * A command line of the operator CLI run in this process through runCli, all that
 * dist/cli/main.js runs but the exit (cli.spec.ts shows a process answers the same), with `env`
 * as its environment: without the second of CPU a process takes to load node and the service.
 */
export async function runCliHere(args: string[], env: NodeJS.ProcessEnv): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { env, stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) });
  return cliRun(code, stdout, stderr);
}
