import { Injectable } from '@nestjs/common';
import { IsNull } from 'typeorm';
import { TransactionRunner, type Tx } from '../database/transaction.js';
import { DutyChangeRow, RotationMemberRow, RotationRow } from './rotation.entity.js';

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

  insert(values: Omit<RotationRow, 'id' | 'createdAt' | 'updatedAt'>, tx: Tx): Promise<RotationRow> {
    const repository = tx.getRepository(RotationRow);
    return repository.save(repository.create(values));
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
}
