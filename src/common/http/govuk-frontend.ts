import { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

// GOV.UK Frontend, served from the installed package (no CDN, no build): its precompiled CSS and
// JavaScript module under a path that names the version, so a year's caching never keeps an old
// copy after an upgrade, and at /assets/ the fonts and images its CSS asks for by that address.
const PACKAGE = dirname(require.resolve('govuk-frontend/package.json'));
const DIST = join(PACKAGE, 'dist', 'govuk');
const VERSION: string = JSON.parse(readFileSync(join(PACKAGE, 'package.json'), 'utf8')).version;

/** Where the planner's index.html and app.js find the CSS and the JavaScript. */
export const GOVUK_FRONTEND_PATH = `/govuk-frontend/${VERSION}`;
const FILES = new Set(['govuk-frontend.min.css', 'govuk-frontend.min.css.map', 'govuk-frontend.min.js', 'govuk-frontend.min.js.map']);
const A_YEAR = { maxAge: '365d', immutable: true };

export function serveGovukFrontend(app: NestExpressApplication): void {
  // Only the four files the planner uses, not the package's Sass and templates.
  app.use(GOVUK_FRONTEND_PATH, (req: Request, res: Response, next: NextFunction) => {
    const name = req.path.slice(1);
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !FILES.has(name)) return next();
    res.sendFile(join(DIST, name), A_YEAR, (error?: Error) => error && next(error));
  });
  app.useStaticAssets(join(DIST, 'assets'), { prefix: '/assets/', index: false, ...A_YEAR });
}
