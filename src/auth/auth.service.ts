import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Caller } from './caller';
import { hashApiKey } from './api-key';

@Injectable()
export class AuthService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  callerForKey(key: string): Promise<Caller | undefined> {
    return this.activeMember('api_key_hash = $1', hashApiKey(key));
  }

  /** For the operator CLI, which acts on a member's behalf. */
  callerForEmail(email: string): Promise<Caller | undefined> {
    return this.activeMember('lower(email) = lower($1)', email);
  }

  private async activeMember(condition: string, value: string): Promise<Caller | undefined> {
    const rows: Caller[] = await this.dataSource.query(
      `SELECT id AS "memberId", organisation_id AS "organisationId", role, name, email
         FROM member WHERE ${condition} AND active`,
      [value],
    );
    return rows[0];
  }
}
