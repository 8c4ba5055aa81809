import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import type { Access, SupportRole } from './people.contract.js';

@Entity({ name: 'person' })
@Unique('UQ_person_email', ['email'])
@Check('CHK_person_access', `"access" IN ('admin', 'member')`)
@Check('CHK_person_support_role', `"support_role" IN ('founder', 'programmer', 'designer', 'support')`)
@Check('CHK_person_undo_send_seconds', `"undo_send_seconds" IS NULL OR "undo_send_seconds" BETWEEN 0 AND 30`)
@Check('CHK_person_working_days', `"working_days" <@ ARRAY[1, 2, 3, 4, 5, 6, 7]::smallint[]`)
export class Person {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_person' })
  id: string;

  @Column({ type: 'text' })
  name: string;

  /** Stored normalised (trimmed, lower-case); unique. */
  @Column({ type: 'text' })
  email: string;

  @Column({ name: 'password_hash', type: 'text' })
  passwordHash: string;

  @Column({ type: 'text' })
  access: Access;

  @Column({ name: 'support_role', type: 'text' })
  supportRole: SupportRole;

  /** IANA time zone name, e.g. Europe/Paris. */
  @Column({ name: 'time_zone', type: 'text' })
  timeZone: string;

  /** ISO weekdays, 1 = Monday … 7 = Sunday. */
  @Column({ name: 'working_days', type: 'smallint', array: true })
  workingDays: number[];

  @Column({ type: 'boolean', default: true })
  active: boolean;

  /** Added below every reply this person writes. */
  @Column({ type: 'text', default: '' })
  signature: string;

  /** How long this person's replies wait (with an Undo) before they enter the outbox; 0 sends at once; null: the instance default. */
  @Column({ name: 'undo_send_seconds', type: 'smallint', nullable: true })
  undoSendSeconds: number | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
