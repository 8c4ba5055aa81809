import { Injectable } from '@nestjs/common';
import { IsNull } from 'typeorm';
import { returningRows, TransactionRunner, type Tx } from '../database/transaction.js';
import { DutyChangeRow, RotationEarlierSettingsRow, RotationMemberRow, RotationRow, SwapRequestRow, HandoffNoteRow, CalendarFeedRow, NoticeRow } from './rotation.entity.js';

/** A notice whose email is due, with its recipient (null when deactivated). */
export interface DueNoticeEmail {
  id: string;
  personId: string;
  title: string;
  body: string;
  emailAttempts: number;
  personName: string | null;
  personEmail: string | null;
}

@Injectable()
export class RotationRepository {
  constructor(private readonly transactions: TransactionRunner) {}

  private manager(tx?: Tx): Tx {
    return tx ?? this.transactions.manager;
  }

  list(): Promise<RotationRow[]> {
    return this.manager().getRepository(RotationRow).find({ order: { name: 'ASC' } });
  }

  findById(id: string): Promise<RotationRow | null> {
    return this.manager().getRepository(RotationRow).findOneBy({ id });
  }

  /** `createdAt` from the app's clock: the duty report leaves the days before it to nobody. */
  insert(values: Omit<RotationRow, 'id' | 'updatedAt'>, tx: Tx): Promise<RotationRow> {
    const repository = tx.getRepository(RotationRow);
    return repository.save(repository.create(values));
  }

  /** The rotation, locked for the edit in hand: two edits at once apply one after the other. */
  lockById(id: string, tx: Tx): Promise<RotationRow | null> {
    return tx.getRepository(RotationRow).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** The settings earlier edits replaced, oldest first. */
  earlierSettings(rotationId: string, tx?: Tx): Promise<RotationEarlierSettingsRow[]> {
    return this.manager(tx).getRepository(RotationEarlierSettingsRow).find({ where: { rotationId }, order: { untilDate: 'ASC' } });
  }

  async replaceEarlierSettings(rotationId: string, rows: Omit<RotationEarlierSettingsRow, 'id' | 'rotationId' | 'createdAt' | 'rotation'>[], tx: Tx): Promise<void> {
    const repository = tx.getRepository(RotationEarlierSettingsRow);
    const existing = await repository.find({ where: { rotationId } });
    // Rows that stay as they were keep their ids and times; the rest are replaced.
    const key = (row: { untilDate: string }) => row.untilDate;
    const wanted = new Map(rows.map((row) => [key(row), row]));
    const stale = existing.filter((row) => JSON.stringify(pickSettings(row)) !== JSON.stringify(wanted.get(key(row)) ? pickSettings(wanted.get(key(row))!) : null));
    if (stale.length > 0) await repository.delete(stale.map((row) => row.id));
    const kept = new Set(existing.filter((row) => !stale.includes(row)).map(key));
    const fresh = rows.filter((row) => !kept.has(key(row)));
    if (fresh.length > 0) await repository.insert(fresh.map((row) => ({ ...row, rotationId })));
  }

  /** Names of people (leavers and non-members named in changes included). */
  async names(ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows: { id: string; name: string }[] = await this.manager().query(`SELECT id, name FROM person WHERE id = ANY($1::uuid[])`, [ids]);
    return new Map(rows.map((row) => [row.id, row.name]));
  }

  save(rotation: RotationRow, tx: Tx): Promise<RotationRow> {
    return tx.getRepository(RotationRow).save(rotation);
  }

  /** Members with their names, in rotation order. */
  members(rotationIds: string[]): Promise<(RotationMemberRow & { name: string })[]> {
    if (rotationIds.length === 0) return Promise.resolve([]);
    return this.manager().query(
      `SELECT m.id, m.rotation_id AS "rotationId", m.person_id AS "personId", m.position, m.role, m.weight, p.name
       FROM rotation_member m JOIN person p ON p.id = m.person_id
       WHERE m.rotation_id = ANY($1::uuid[]) ORDER BY m.rotation_id, m.position`,
      [rotationIds],
    );
  }

  async replaceMembers(rotationId: string, members: { personId: string; role: 'primary' | 'buddy' | 'shadow'; weight: number }[], tx: Tx): Promise<void> {
    await tx.getRepository(RotationMemberRow).delete({ rotationId });
    if (members.length === 0) return;
    await tx.getRepository(RotationMemberRow).insert(members.map((member, position) => ({ ...member, rotationId, position })));
  }

  async mailboxIds(rotationIds: string[]): Promise<{ rotationId: string; mailboxId: string }[]> {
    if (rotationIds.length === 0) return [];
    return this.manager().query(`SELECT rotation_id AS "rotationId", mailbox_id AS "mailboxId" FROM rotation_mailbox WHERE rotation_id = ANY($1::uuid[])`, [rotationIds]);
  }

  /**
   * Links mailboxes to a rotation (taking them from any other rotation). A mailbox it answered already
   * keeps its `routed_since`; one it newly answers starts now.
   */
  async replaceMailboxes(rotationId: string, mailboxIds: string[], tx: Tx): Promise<void> {
    await tx.query(`DELETE FROM rotation_mailbox WHERE rotation_id = $1 AND mailbox_id <> ALL($2::uuid[])`, [rotationId, mailboxIds]);
    if (mailboxIds.length === 0) return;
    await tx.query(
      `INSERT INTO rotation_mailbox (mailbox_id, rotation_id) SELECT unnest($1::uuid[]), $2
       ON CONFLICT (mailbox_id) DO UPDATE SET rotation_id = EXCLUDED.rotation_id,
         routed_since = CASE WHEN rotation_mailbox.rotation_id = EXCLUDED.rotation_id THEN rotation_mailbox.routed_since ELSE now() END`,
      [mailboxIds, rotationId],
    );
  }

  /** Open unassigned conversations of the rotation's mailboxes that began before it answered them (never routed by a handoff). */
  async countUnrouted(rotationId: string): Promise<number> {
    const [row] = (await this.manager().query(
      `SELECT count(*)::int AS count FROM conversation c JOIN rotation_mailbox rm ON rm.mailbox_id = c.mailbox_id
       WHERE rm.rotation_id = $1 AND c.status = 'open' AND c.assignee_id IS NULL AND c.created_at < rm.routed_since`,
      [rotationId],
    )) as { count: number }[];
    return row?.count ?? 0;
  }

  /** Gives those conversations to a person, when an admin said so; returns how many. */
  async assignUnrouted(rotationId: string, personId: string, tx: Tx): Promise<string[]> {
    const rows = await returningRows<{ id: string }>(
      tx,
      `UPDATE conversation c SET assignee_id = $2, updated_at = now() FROM rotation_mailbox rm
       WHERE rm.mailbox_id = c.mailbox_id AND rm.rotation_id = $1 AND c.status = 'open' AND c.assignee_id IS NULL AND c.created_at < rm.routed_since
       RETURNING c.id::text`,
      [rotationId, personId],
    );
    return rows.map((row) => row.id);
  }

  async rotationOfMailbox(mailboxId: string): Promise<string | null> {
    const [row] = await this.manager().query(`SELECT rotation_id AS "rotationId" FROM rotation_mailbox WHERE mailbox_id = $1`, [mailboxId]);
    return (row as { rotationId: string } | undefined)?.rotationId ?? null;
  }

  async existingMailboxes(ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows: { id: string }[] = await this.manager().query(`SELECT id FROM mailbox WHERE id = ANY($1::uuid[])`, [ids]);
    return new Set(rows.map((row) => row.id));
  }

  /**
   * Claims the handoff of a rotation's duty day and assigns its unassigned open conversations to
   * the person taking over, in one transaction. Returns null when another process already did it.
   */
  async claimHandoff(rotationId: string, dutyDate: string, personId: string | null, tx: Tx): Promise<{ assigned: number } | null> {
    const [claimed] = await tx.query(
      `INSERT INTO duty_handoff (rotation_id, duty_date, person_id) VALUES ($1, $2, $3)
       ON CONFLICT ON CONSTRAINT "UQ_duty_handoff_day" DO NOTHING RETURNING id`,
      [rotationId, dutyDate, personId],
    );
    if (!claimed) return null;
    if (!personId) return { assigned: 0 };
    const assigned: { id: string }[] = await tx.query(
      `WITH assigned AS (
         UPDATE conversation c SET assignee_id = $2, updated_at = now() FROM rotation_mailbox rm
         -- Only conversations begun since the rotation answers the mailbox: older ones are offered, never assigned silently.
         WHERE rm.mailbox_id = c.mailbox_id AND rm.rotation_id = $1 AND c.status = 'open' AND c.assignee_id IS NULL AND c.created_at >= rm.routed_since
         RETURNING c.id
       ) SELECT id FROM assigned`,
      [rotationId, personId],
    );
    await tx.query(`UPDATE duty_handoff SET assigned_count = $2 WHERE id = $1`, [(claimed as { id: string }).id, assigned.length]);
    return { assigned: assigned.length };
  }

  /** Which of these ids are active people. */
  async activePeople(ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows: { id: string }[] = await this.manager().query(`SELECT id FROM person WHERE id = ANY($1::uuid[]) AND active`, [ids]);
    return new Set(rows.map((row) => row.id));
  }

  /** Changes in force (not revoked), oldest first: later ones win where they overlap. */
  activeChanges(rotationId: string): Promise<DutyChangeRow[]> {
    return this.manager().getRepository(DutyChangeRow).find({ where: { rotationId, revokedAt: IsNull() }, order: { createdAt: 'ASC' } });
  }

  allChanges(rotationId: string): Promise<DutyChangeRow[]> {
    return this.manager().getRepository(DutyChangeRow).find({ where: { rotationId }, order: { createdAt: 'DESC' } });
  }

  insertChange(values: Omit<DutyChangeRow, 'id' | 'createdAt' | 'revokedAt' | 'revokedBy' | 'rotation'>, tx: Tx): Promise<DutyChangeRow> {
    const repository = tx.getRepository(DutyChangeRow);
    return repository.save(repository.create({ ...values, revokedAt: null, revokedBy: null }));
  }

  findChange(id: string): Promise<DutyChangeRow | null> {
    return this.manager().getRepository(DutyChangeRow).findOneBy({ id });
  }

  async revokeChange(id: string, by: string, at: Date, tx: Tx): Promise<void> {
    await tx.getRepository(DutyChangeRow).update({ id, revokedAt: IsNull() }, { revokedAt: at, revokedBy: by });
  }

  listSwapRequests(rotationId: string): Promise<SwapRequestRow[]> {
    return this.manager().getRepository(SwapRequestRow).find({ where: { rotationId }, order: { createdAt: 'DESC' } });
  }

  findSwapRequest(id: string): Promise<SwapRequestRow | null> {
    return this.manager().getRepository(SwapRequestRow).findOneBy({ id });
  }

  insertSwapRequest(values: Pick<SwapRequestRow, 'rotationId' | 'requesterId' | 'role' | 'date' | 'reason'>, tx?: Tx): Promise<SwapRequestRow> {
    const repository = this.manager(tx).getRepository(SwapRequestRow);
    return repository.save(repository.create({ ...values, status: 'open' }));
  }

  /** Locks an open request for this unit of work; null when it was taken or cancelled meanwhile. */
  lockOpenSwapRequest(id: string, tx: Tx): Promise<SwapRequestRow | null> {
    return tx.getRepository(SwapRequestRow).findOne({ where: { id, status: 'open' }, lock: { mode: 'pessimistic_write' } });
  }

  saveSwapRequest(row: SwapRequestRow, tx: Tx): Promise<SwapRequestRow> {
    return tx.getRepository(SwapRequestRow).save(row);
  }

  /** Cancels an open request; false when it was no longer open. */
  async cancelSwapRequest(id: string, at: Date): Promise<boolean> {
    const result = await this.manager().getRepository(SwapRequestRow).update({ id, status: 'open', resolvedAt: IsNull() }, { status: 'cancelled', resolvedAt: at });
    return (result.affected ?? 0) > 0;
  }

  insertHandoffNote(values: Pick<HandoffNoteRow, 'rotationId' | 'dutyDate' | 'authorId' | 'addresseeId' | 'text'>, tx: Tx): Promise<HandoffNoteRow> {
    const repository = this.manager(tx).getRepository(HandoffNoteRow);
    return repository.save(repository.create(values));
  }

  /** An active person by id (a handoff note's addressee), or null. */
  async activePerson(id: string): Promise<{ id: string; name: string } | null> {
    const [row] = (await this.manager().query(`SELECT id::text, name FROM person WHERE id::text = $1 AND active`, [id])) as { id: string; name: string }[];
    return row ?? null;
  }

  /** The newest notes with their authors' and addressees' names. */
  latestHandoffNotes(rotationId: string, limit: number): Promise<(HandoffNoteRow & { authorName: string; addresseeName: string | null })[]> {
    return this.manager().query(
      `SELECT n.id, n.rotation_id AS "rotationId", n.duty_date AS "dutyDate", n.author_id AS "authorId", n.addressee_id AS "addresseeId", n.text, n.created_at AS "createdAt",
              p.name AS "authorName", a.name AS "addresseeName"
       FROM handoff_note n JOIN person p ON p.id = n.author_id LEFT JOIN person a ON a.id = n.addressee_id WHERE n.rotation_id = $1 ORDER BY n.created_at DESC LIMIT $2`,
      [rotationId, limit],
    );
  }

  insertFeed(values: Pick<CalendarFeedRow, 'tokenHash' | 'ownerId' | 'rotationId' | 'personId'>): Promise<CalendarFeedRow> {
    const repository = this.manager().getRepository(CalendarFeedRow);
    return repository.save(repository.create({ ...values, revokedAt: null }));
  }

  feedsOf(ownerId: string): Promise<CalendarFeedRow[]> {
    return this.manager().getRepository(CalendarFeedRow).find({ where: { ownerId }, order: { createdAt: 'DESC' } });
  }

  findFeed(id: string): Promise<CalendarFeedRow | null> {
    return this.manager().getRepository(CalendarFeedRow).findOneBy({ id });
  }

  feedByTokenHash(tokenHash: Buffer): Promise<CalendarFeedRow | null> {
    return this.manager().getRepository(CalendarFeedRow).findOneBy({ tokenHash });
  }

  async revokeFeed(id: string, at: Date): Promise<void> {
    await this.manager().getRepository(CalendarFeedRow).update({ id, revokedAt: IsNull() }, { revokedAt: at });
  }

  /**
   * Inserts a notice unless its dedupe key exists; returns it only when this call created it. With
   * `emailAt`, its email is pending from then on; without, there is no email to send (`skipped`).
   */
  async claimNotice(values: Pick<NoticeRow, 'personId' | 'kind' | 'dedupeKey' | 'title' | 'body'>, email: { at: Date } | { skipped: string }): Promise<NoticeRow | null> {
    const [row] = await this.manager().query(
      `INSERT INTO notice (person_id, kind, dedupe_key, title, body, email_status, email_error, email_next_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT ON CONSTRAINT "UQ_notice_dedupe" DO NOTHING RETURNING id`,
      [values.personId, values.kind, values.dedupeKey, values.title, values.body, 'at' in email ? 'pending' : 'skipped', 'at' in email ? null : email.skipped, 'at' in email ? email.at : null],
    );
    return row ? this.manager().getRepository(NoticeRow).findOneBy({ id: (row as { id: string }).id }) : null;
  }

  /**
   * Claims notices whose email is due: the claim counts the attempt and pushes the next try out by a
   * lease, so a process that dies mid-send leaves the email to be retried; SKIP LOCKED keeps processes apart.
   */
  claimDueEmails(now: Date, leaseSeconds: number, limit: number): Promise<DueNoticeEmail[]> {
    return returningRows(
      this.manager(),
      `UPDATE notice n SET email_attempts = email_attempts + 1, email_next_at = $1::timestamptz + make_interval(secs => $2)
       FROM (SELECT id FROM notice WHERE email_status = 'pending' AND email_next_at <= $1 ORDER BY email_next_at LIMIT $3 FOR UPDATE SKIP LOCKED) due
       WHERE n.id = due.id
       RETURNING n.id, n.person_id AS "personId", n.title, n.body, n.email_attempts AS "emailAttempts",
                 (SELECT name FROM person WHERE id = n.person_id AND active) AS "personName",
                 (SELECT email FROM person WHERE id = n.person_id AND active) AS "personEmail"`,
      [now, leaseSeconds, limit],
    );
  }

  /** The email's outcome: sent, skipped or failed for good, or (with `nextAt`) pending until then. */
  async setNoticeEmail(id: string, status: NoticeRow['emailStatus'], error: string | null, nextAt: Date | null = null): Promise<void> {
    await this.manager().getRepository(NoticeRow).update({ id }, { emailStatus: status, emailError: error, emailNextAt: status === 'pending' ? nextAt : null });
  }

  noticesOf(personId: string): Promise<NoticeRow[]> {
    return this.manager().getRepository(NoticeRow).find({ where: { personId }, order: { createdAt: 'DESC' }, take: 50 });
  }

  async markNoticeRead(id: string, personId: string, at: Date): Promise<boolean> {
    const result = await this.manager().getRepository(NoticeRow).update({ id, personId, readAt: IsNull() }, { readAt: at });
    return (result.affected ?? 0) > 0;
  }

  async personContact(id: string): Promise<{ name: string; email: string } | null> {
    const [row] = await this.manager().query(`SELECT name, email FROM person WHERE id = $1 AND active`, [id]);
    return (row as { name: string; email: string } | undefined) ?? null;
  }
}

function pickSettings(row: Omit<RotationEarlierSettingsRow, 'id' | 'rotationId' | 'createdAt' | 'rotation'>) {
  return [row.untilDate, row.timeZone, [...row.workingDays], [...row.holidays], row.handoffTime, row.daysPerTurn, row.members.map((member) => [member.personId, member.role, member.weight])];
}
