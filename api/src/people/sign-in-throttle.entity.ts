import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Failed sign-ins counted per key (account+address pair, address, device, account); see claim_sign_in_attempt. */
@Entity({ name: 'sign_in_throttle' })
export class SignInThrottleRow {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'PK_sign_in_throttle' })
  key: string;

  @Column({ type: 'integer', default: 0 })
  failures: number;

  @Index('IDX_sign_in_throttle_last_failure_at')
  @Column({ name: 'last_failure_at', type: 'timestamptz', nullable: true })
  lastFailureAt: Date | null;

  @Column({ name: 'blocked_until', type: 'timestamptz', default: () => "'-infinity'" })
  blockedUntil: Date;
}
