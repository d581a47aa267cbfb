import { spawn } from 'node:child_process';
import { built } from './built-service';
import { freePort } from './scratch';

export interface ServiceProcess {
  baseUrl: string;
  /** Everything it has written to stdout and stderr so far. */
  output(): string;
  stop(): Promise<void>;
}

/** The service as operators run it (NODE_ENV=production), in a process of its own on a free port (or `port`), once it says it is ready. */
export async function startServiceProcess(env: Record<string, string>, port?: number): Promise<ServiceProcess> {
  port ??= await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const service = spawn(process.execPath, [built('service')], {
    env: { ...process.env, NODE_ENV: 'production', PORT: String(port), PUBLIC_BASE_URL: baseUrl, DIGEST_SCHEDULE: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  service.stdout!.on('data', (d) => (output += String(d)));
  service.stderr!.on('data', (d) => (output += String(d)));
  for (let i = 0; i < 300 && !output.includes('Consultation Calendar is ready'); i++) await new Promise((r) => setTimeout(r, 100));
  if (!output.includes('Consultation Calendar is ready')) throw new Error(`The service did not start:\n${output}`);
  return {
    baseUrl,
    output: () => output,
    stop: async () => {
      service.kill('SIGTERM');
      await new Promise((r) => service.once('exit', r));
    },
  };
}
