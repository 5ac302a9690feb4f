import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/**
 * Reads candidate applications (owned by the registration capability, issue 3) with plain
 * SQL against the `applications` table: id uuid, candidate_id uuid (user id), campaign_id uuid,
 * status text ('approved' after HR review). Kept in this one class so the assumption has one
 * place to change.
 */
export interface ApplicationRef {
  id: string;
  candidateId: string;
  campaignId: string;
  status: string;
}

export interface SchedulableApplication {
  applicationId: string;
  candidateId: string;
  username: string;
  displayName: string;
  /** The session that already holds this candidate in the campaign, if any. */
  scheduledSessionId: string | null;
}

export const APPROVED = 'approved';

@Injectable()
export class ApplicationLookupService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async findByIds(manager: EntityManager, ids: readonly string[]): Promise<ApplicationRef[]> {
    if (ids.length === 0) return [];
    return manager.query<ApplicationRef[]>(
      `SELECT id, candidate_id AS "candidateId", campaign_id AS "campaignId", status
         FROM applications WHERE id = ANY($1::uuid[])`,
      [ids],
    );
  }

  /** Approved applications of a campaign, with where each candidate is already scheduled. */
  async listApproved(campaignId: string): Promise<SchedulableApplication[]> {
    return this.dataSource.query<SchedulableApplication[]>(
      `SELECT a.id AS "applicationId", a.candidate_id AS "candidateId", u.username,
              u.display_name AS "displayName", s.session_id AS "scheduledSessionId"
         FROM applications a
         JOIN users u ON u.id = a.candidate_id
         LEFT JOIN session_slots s ON s.campaign_id = a.campaign_id AND s.candidate_id = a.candidate_id
        WHERE a.campaign_id = $1 AND a.status = $2
        ORDER BY u.username
        LIMIT 2000`,
      [campaignId, APPROVED],
    );
  }
}
