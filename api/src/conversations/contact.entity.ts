import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';

/** A customer, by email address (normalised lower-case). */
@Entity({ name: 'contact' })
@Unique('UQ_contact_email', ['email'])
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
