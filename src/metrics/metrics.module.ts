import { Module } from '@nestjs/common';
import { MetricsController } from './metrics.controller';
import { Metrics } from './metrics';

@Module({
  providers: [Metrics],
  controllers: [MetricsController],
  exports: [Metrics],
})
export class MetricsModule {}
