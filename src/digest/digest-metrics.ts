import { Injectable } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { Clock } from '../common/clock';
import { isoWeekOf } from '../common/dates/iso-week';
import { Metrics } from '../metrics/metrics';
import { DELIVERY_STATUSES, DigestDeliveries } from './digest-deliveries';

/**
 * This week's digest deliveries by status on GET /metrics, read from the ledger at each scrape:
 * an operator alerts on FAILED or UNCERTAIN ones. Every instance reports the same counts (take
 * the max across instances, not the sum).
 */
@Injectable()
export class DigestMetrics {
  constructor(metrics: Metrics, deliveries: DigestDeliveries, clock: Clock) {
    if (!metrics.enabled) return;
    new Gauge({
      name: 'digest_deliveries',
      help: "This ISO week's weekly digest deliveries (Europe/London) by status, from the database",
      labelNames: ['status'] as const,
      registers: [metrics.registry],
      async collect() {
        try {
          const counts = await deliveries.countByStatus(isoWeekOf(clock.today()));
          for (const status of DELIVERY_STATUSES) this.set({ status }, counts[status]);
        } catch {
          this.reset(); // the database is not answering (see /health): the rest of the scrape still answers
        }
      },
    });
  }
}
