import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** How often a media node looks for disabled accounts among the people in its rooms. */
export const DISABLED_ACCOUNTS_CHECK_MS = 5_000;

/**
 * A room pass outlives the moment an administrator disables its holder's account (the api
 * stops issuing passes at once). The media node asks the database which of the people it holds
 * have been disabled, at the door and every few seconds, so a disabled account leaves the room.
 */
@Injectable()
export class DisabledAccounts {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The ids among `userIds` whose account is disabled (an id that is no uuid is no account). */
  async among(userIds: readonly string[]): Promise<Set<string>> {
    const ids = userIds.filter((id) => UUID.test(id));
    if (ids.length === 0) return new Set();
    const rows = await this.dataSource.query<{ id: string }[]>(
      `SELECT id::text AS id FROM users WHERE disabled AND id = ANY($1::uuid[])`,
      [ids],
    );
    return new Set(rows.map((row) => row.id));
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
