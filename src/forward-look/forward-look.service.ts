import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { areaNamesSql, audienceNamesSql } from '../common/database/name-lists.sql';
import { ConsultationsService } from '../consultations/consultations.service';
import { ForwardLook, PublicConsultation, PublicStatement } from './forward-look.render';

const MOST_CONSULTATIONS = 2000;
const MOST_STATEMENTS = 200;

export interface ForwardLookFilter {
  areaCodes?: string[];
  audienceCodes?: string[];
}

/**
 * What the public forward look shows: PLANNED and LIVE consultations and published "you said, we
 * did" statements of consultations their organisations made public, with public fields only (no officers, notes, acknowledgements or conflicts).
 */
@Injectable()
export class ForwardLookService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly consultations: ConsultationsService,
  ) {}

  async load(filter: ForwardLookFilter): Promise<ForwardLook> {
    // The register's own filter resolves the codes (unknown ones are an input error naming them).
    const [planned, reported] = await Promise.all([
      this.consultations.publicAll({ ...filter, statuses: ['PLANNED', 'LIVE'] }, MOST_CONSULTATIONS),
      this.consultations.publicAll({ ...filter, statuses: ['REPORTED'] }, MOST_CONSULTATIONS),
    ]);
    const [consultations, statements] = await Promise.all([this.describe(planned.map((c) => c.id)), this.statements(reported.map((c) => c.id))]);
    return { consultations, statements };
  }

  /** Areas a reader can pick (counties, districts and their wards) and audiences, for the page's filter. */
  async choices(): Promise<{ areas: { code: string; name: string; level: string; parent: string | null }[]; audiences: { code: string; name: string }[] }> {
    const [areas, audiences] = await Promise.all([
      this.dataSource.query(
        `SELECT a.code, a.name, a.level, p.name AS parent FROM area a LEFT JOIN area p ON p.id = a.parent_id
          WHERE a.level IN ('COUNTY','DISTRICT','UNITARY','WARD') ORDER BY a.level = 'WARD', p.name NULLS FIRST, a.name`,
      ),
      this.dataSource.query(`SELECT code, name FROM audience ORDER BY name`),
    ]);
    return { areas, audiences };
  }

  private describe(ids: string[]): Promise<PublicConsultation[]> {
    return this.dataSource.query(
      `SELECT c.id, c.title, c.summary, c.status, c.start_date::text AS "startDate", c.end_date::text AS "endDate",
              o.name AS organisation, c.version, c.created_at AS "createdAt", c.updated_at AS "updatedAt",
              ${areaNamesSql('c.area_ids')} AS areas, ${audienceNamesSql('c.audience_ids')} AS audiences
         FROM consultation c JOIN organisation o ON o.id = c.organisation_id
        WHERE c.id = ANY($1::uuid[])
        ORDER BY c.start_date, c.title, c.id`,
      [ids],
    );
  }

  private statements(ids: string[]): Promise<PublicStatement[]> {
    return this.dataSource.query(
      `SELECT c.id, c.title, o.name AS organisation, c.start_date::text AS "startDate", c.end_date::text AS "endDate",
              ${areaNamesSql('c.area_ids')} AS areas, ${audienceNamesSql('c.audience_ids')} AS audiences,
              f.response_count AS "responseCount", f.statement, f.report_url AS "reportUrl", f.published_at AS "publishedAt"
         FROM consultation c JOIN organisation o ON o.id = c.organisation_id
         JOIN consultation_findings f ON f.consultation_id = c.id AND f.published_at IS NOT NULL
        WHERE c.id = ANY($1::uuid[])
        ORDER BY f.published_at DESC, c.id
        LIMIT ${MOST_STATEMENTS}`,
      [ids],
    );
  }
}
