import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { static as serveStatic } from 'express';
import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/**
 * The planner's files from `dir`, by the paths they had when the service started. Only those paths
 * reach the static server: given every GET, it asked the disk for each API path (the health probe,
 * feeds) before passing it on, a system call each that a flood of feed requests multiplied.
 */
export function servePlannerFiles(app: NestExpressApplication, dir: string): void {
  const paths = new Set(['/', ...filesUnder(dir).map((file) => `/${relative(dir, file).split(sep).join('/')}`)]);
  const serve = serveStatic(dir, { index: 'index.html', maxAge: '5m' });
  app.use((req: Request, res: Response, next: NextFunction) => ((req.method === 'GET' || req.method === 'HEAD') && paths.has(req.path) ? serve(req, res, next) : next()));
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)]));
}
