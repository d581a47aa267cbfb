import { NestExpressApplication } from '@nestjs/platform-express';

/** Room for a forward-plan import of the largest allowed size; anything bigger gets 413. */
export const REQUEST_BODY_LIMIT = '2mb';

// HTTP settings shared by the service and the tests, so the tests run what members meet.
export function configureHttp(app: NestExpressApplication): void {
  app.useBodyParser('json', { limit: REQUEST_BODY_LIMIT });
}
