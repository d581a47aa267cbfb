import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Caller } from './caller';
import { hashApiKey } from './api-key';
import { preparedStatement, runPrepared } from '../common/database/prepared-statement';

const activeMemberSql = (condition: string) => `SELECT id AS "memberId", organisation_id AS "organisationId", role, name, email
  FROM member WHERE ${condition} AND active`;

const CALLER_FOR_KEY = preparedStatement('caller-for-key', activeMemberSql('api_key_hash = $1'));

@Injectable()
export class AuthService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Every request asks this, so it is a prepared statement. */
  async callerForKey(key: string): Promise<Caller | undefined> {
    return (await runPrepared<Caller>(this.dataSource.manager, CALLER_FOR_KEY, [hashApiKey(key)]))[0];
  }

  /** For the operator CLI, which acts on a member's behalf. */
  async callerForEmail(email: string): Promise<Caller | undefined> {
    return (await this.dataSource.query(activeMemberSql('lower(email) = lower($1)'), [email]))[0];
  }
}
