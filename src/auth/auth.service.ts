import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Caller } from './caller';
import { hashApiKey } from './api-key';

@Injectable()
export class AuthService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async callerForKey(key: string): Promise<Caller | undefined> {
    const rows: Caller[] = await this.dataSource.query(
      `SELECT id AS "memberId", organisation_id AS "organisationId", role, name, email
         FROM member WHERE api_key_hash = $1 AND active`,
      [hashApiKey(key)],
    );
    return rows[0];
  }
}
