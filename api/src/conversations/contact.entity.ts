import { Index, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

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

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
