import { NestExpressApplication } from '@nestjs/platform-express';
import { join } from 'node:path';
import { securityHeaders } from './security-headers';

/** Room for a forward-plan import of the largest allowed size; anything bigger gets 413. */
export const REQUEST_BODY_LIMIT = '2mb';

// HTTP settings shared by the service and the tests, so the tests run what members meet.
export function configureHttp(app: NestExpressApplication): void {
  app.disable('x-powered-by');
  app.use(securityHeaders());
  app.useBodyParser('json', { limit: REQUEST_BODY_LIMIT });
  // GraphQL answers are never stored (cache-control: no-store), so hashing each body for an
  // ETag, hundreds of kilobytes for a county-wide check, bought nothing. Static files keep theirs.
  app.set('etag', false);
  // The planner: plain HTML, CSS and JavaScript modules that use only the public GraphQL API.
  // From src/common/http and from dist/common/http alike, web/ is three levels up.
  app.useStaticAssets(join(__dirname, '..', '..', '..', 'web'), { index: 'index.html', maxAge: '5m' });
}
