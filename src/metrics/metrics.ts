import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Pool } from 'pg';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.token';

/**
 * What an operator scrapes from GET /metrics (Prometheus text format): how long GraphQL requests
 * take, by operation and root field, so the clash check's p95 can be watched in service as the
 * benchmark watches it, and how many conflicts each check finds; the connection pool; and Node's
 * own process metrics (memory, CPU, event loop delay, garbage collection). Nothing is collected
 * unless METRICS_TOKEN is set. A registry of its own per application, as tests run several in
 * one process. MetricsModule is global: features register their own (the digest its deliveries).
 */
@Injectable()
export class Metrics {
  readonly enabled: boolean;
  readonly registry = new Registry();
  /** Labels: operation (query, mutation or none), field (the first root field's schema name, never a client's alias), outcome (ok or the first error's code). */
  readonly graphqlRequests = new Histogram({
    name: 'graphql_request_duration_seconds',
    help: 'GraphQL requests from arrival at the GraphQL server to the answer being ready, by operation, first root field and outcome',
    labelNames: ['operation', 'field', 'outcome'] as const,
    registers: [this.registry],
  });

  /** What a clash check finds grows with the register, and its time with it (see the README's Performance). */
  readonly conflictsPerCheck = new Histogram({
    name: 'conflict_check_conflicts',
    help: 'Conflicts found by each clash check (checkConsultation, checkConsultationSummary), before any are left out of the answer',
    buckets: [0, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000],
    registers: [this.registry],
  });

  constructor(@Inject(APP_CONFIG) config: AppConfig, @InjectDataSource() dataSource: DataSource) {
    this.enabled = config.metricsToken !== undefined;
    if (!this.enabled) return;
    collectDefaultMetrics({ register: this.registry });
    new Gauge({
      name: 'db_pool_connections',
      help: 'Connections of the service to PostgreSQL: open (total), idle, and requests waiting for one',
      labelNames: ['state'] as const,
      registers: [this.registry],
      collect() {
        const pool = (dataSource.driver as unknown as { master?: Pool }).master;
        this.set({ state: 'total' }, pool?.totalCount ?? 0);
        this.set({ state: 'idle' }, pool?.idleCount ?? 0);
        this.set({ state: 'waiting' }, pool?.waitingCount ?? 0);
      },
    });
  }
}
