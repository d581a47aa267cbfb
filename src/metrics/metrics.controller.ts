import { Controller, Get, Headers, HttpException, HttpStatus, Inject, NotFoundException, Res } from '@nestjs/common';
import type { Response } from 'express';
import { createHash, timingSafeEqual } from 'node:crypto';
import { bearerToken } from '../auth/api-key';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.token';
import { Metrics } from './metrics';

/** GET /metrics for Prometheus, with `Authorization: Bearer <METRICS_TOKEN>`; not found while METRICS_TOKEN is unset. */
@Controller('metrics')
export class MetricsController {
  private readonly tokenDigest: Buffer | undefined;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly metrics: Metrics,
  ) {
    this.tokenDigest = config.metricsToken === undefined ? undefined : digest(config.metricsToken);
  }

  @Get()
  async scrape(@Headers('authorization') authorization: string | undefined, @Res({ passthrough: true }) response: Response): Promise<string> {
    if (!this.tokenDigest) throw new NotFoundException();
    const token = bearerToken(authorization);
    // Digests of equal length, so the comparison takes the same time whatever was sent.
    if (!token || !timingSafeEqual(digest(token), this.tokenDigest)) {
      response.setHeader('WWW-Authenticate', 'Bearer');
      throw new HttpException('GET /metrics needs Authorization: Bearer <METRICS_TOKEN>', HttpStatus.UNAUTHORIZED);
    }
    response.setHeader('Content-Type', this.metrics.registry.contentType);
    return this.metrics.registry.metrics();
  }
}

const digest = (text: string) => createHash('sha256').update(text).digest();
