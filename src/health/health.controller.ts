import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';

@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
  ) {}

  /** Readiness: 200 when the database answers within a second, 503 otherwise. */
  @Get()
  @HealthCheck()
  ready() {
    return this.health.check([() => this.database.pingCheck('database', { timeout: 1000 })]);
  }

  /** Liveness: the process is up and serving HTTP. */
  @Get('live')
  live() {
    return { status: 'ok' };
  }
}
