import { Index, Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Person } from '../people/person.entity.js';

/** A customer, by email address (normalised lower-case). */
@Entity({ name: 'contact' })
// Trigram indexes for from: searches, written by hand in the migrations.
@Index('IDX_contact_email_trgm', { synchronize: false })
@Index('IDX_contact_name_trgm', { synchronize: false })
// Unique on md5(email), so any address fits a btree entry: written by hand in the migrations.
@Index('UQ_contact_email', { synchronize: false })
export class Contact {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_contact' })
  id: string;

  @Column({ type: 'text' })
  email: string;

  @Column({ type: 'text', nullable: true })
  name: string | null;

  /** What the team knows about this customer, shared by everyone (the side panel beside a conversation). */
  @Column({ type: 'text', default: '' })
  note: string;

  /** Bumped on every save of the note: a save names the version it was written over. */
  @Column({ name: 'note_version', type: 'integer', default: 0 })
  noteVersion: number;

  @Column({ name: 'note_updated_at', type: 'timestamptz', nullable: true })
  noteUpdatedAt: Date | null;

  @Column({ name: 'note_updated_by', type: 'uuid', nullable: true })
  noteUpdatedBy: string | null;

  @ManyToOne(() => Person, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'note_updated_by', foreignKeyConstraintName: 'FK_contact_note_updated_by' })
  noteUpdatedByPerson?: Relation<Person>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
