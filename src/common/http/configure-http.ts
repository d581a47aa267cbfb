import { NestExpressApplication } from '@nestjs/platform-express';
import { join } from 'node:path';
import { anonymousGate } from '../../auth/anonymous-gate';
import { AuthService } from '../../auth/auth.service';
import { RateLimitService } from '../../auth/rate-limit.service';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/app-config.token';
import { requestDeadline } from '../deadline/request-deadline';
import { clientErrors } from './client-errors';
import { servePlannerFiles } from './planner-files';
import { serveGovukFrontend } from './govuk-frontend';
import { securityHeaders } from './security-headers';
import { variableLists } from './variable-lists';

/** Room for a forward-plan import of the largest allowed size; anything bigger gets 413. */
export const REQUEST_BODY_LIMIT = '2mb';

// HTTP settings shared by the service and the tests, so the tests run what members meet.
export function configureHttp(app: NestExpressApplication): void {
  app.disable('x-powered-by');
  app.use(securityHeaders());
  // Behind a reverse proxy the client's address is in X-Forwarded-For, believed only from TRUST_PROXY.
  app.set('trust proxy', app.get<AppConfig>(APP_CONFIG).trustProxy);
  // Before the body parser: without a valid key, a small body and a per-address limit.
  app.use('/graphql', anonymousGate(app.get(AuthService), app.get(RateLimitService)));
  app.useBodyParser('json', { limit: REQUEST_BODY_LIMIT });
  app.use(clientErrors());
  app.use('/graphql', variableLists());
  // After the body parser (see requestDeadline): from here on a request works against its deadline.
  app.use('/graphql', requestDeadline(app.get<AppConfig>(APP_CONFIG).requestDeadlineMs));
  // GraphQL answers are never stored (cache-control: no-store), so hashing each body for an
  // ETag, hundreds of kilobytes for a county-wide check, bought nothing. Static files keep theirs.
  app.set('etag', false);
  // The planner: plain HTML, CSS and JavaScript modules that use only the public GraphQL API.
  // From src/common/http and from dist/common/http alike, web/ is three levels up.
  servePlannerFiles(app, join(__dirname, '..', '..', '..', 'web'));
  serveGovukFrontend(app);
}
