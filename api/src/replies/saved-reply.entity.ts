import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Person } from '../people/person.entity.js';

/** Text inserted into the composer by name: the team's when `ownerId` is null, else that person's own. */
@Entity({ name: 'saved_reply' })
// Names unique ignoring case per scope (team; each owner): expression indexes written in the migration.
@Index('UQ_saved_reply_team_name', { synchronize: false })
@Index('UQ_saved_reply_personal_name', { synchronize: false })
export class SavedReply {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_saved_reply' })
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  body: string;

  @Column({ name: 'owner_id', type: 'uuid', nullable: true })
  ownerId: string | null;

  @ManyToOne(() => Person, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'owner_id', foreignKeyConstraintName: 'FK_saved_reply_owner' })
  owner?: Relation<Person>;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @ManyToOne(() => Person, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'FK_saved_reply_created_by' })
  creator?: Relation<Person>;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}
