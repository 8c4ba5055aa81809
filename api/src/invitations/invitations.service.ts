import { Inject, Injectable } from '@nestjs/common';
import { AppError } from '../common/app-error.js';
import { Clock } from '../common/clock.js';
import { isUuid } from '../common/ids.js';
import { CONFIG, type Config } from '../config/config.js';
import { TransactionRunner } from '../database/transaction.js';
import { NO_SYSTEM_MAIL, SYSTEM_MAIL, type SystemMail } from '../mail/system-mail.js';
import { PeopleService } from '../people/people.service.js';
import type { Person } from '../people/person.entity.js';
import type { AcceptInvitationRequest, CreateInvitationRequest } from './invitations.contract.js';
import type { InvitationDto, InvitationLinkDto, InvitationPreviewDto } from './invitations.types.js';
import type { InvitationRow } from './invitation.entity.js';
import { INVITATION_DAYS, hashInvitationToken, invitationState, newInvitationToken } from './invitation-token.js';
import { InvitationsRepository } from './invitations.repository.js';

const DAY_MS = 86_400_000;

/**
 * Invitations: an admin invites an address with a role; the link (single use, 7 days, stored hashed)
 * lets the invitee choose their name, password and time zone. Re-sending makes a new link (the old
 * one stops working), since the old token cannot be recovered from its hash.
 */
@Injectable()
export class InvitationsService {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly invitations: InvitationsRepository,
    private readonly people: PeopleService,
    @Inject(SYSTEM_MAIL) private readonly mail: SystemMail,
    private readonly clock: Clock,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  async pending(): Promise<InvitationDto[]> {
    return (await this.invitations.pending(this.clock.now())).map((row) => toDto(row, row.inviterName));
  }

  async invite(input: CreateInvitationRequest & { access: 'admin' | 'member' }, actor: Person, origin: string): Promise<InvitationLinkDto> {
    if (await this.invitations.personExists(input.email)) throw new AppError('conflict', 'Someone with this email already has an account.', { email: ['Already a teammate'] });
    const now = this.clock.now();
    const { token, hash } = newInvitationToken();
    const row = await this.transactions.run(async (tx) => {
      await this.invitations.revokePendingFor(input.email, now, tx);
      return this.invitations.insert({ email: input.email, access: input.access, supportRole: input.supportRole, tokenHash: hash, invitedBy: actor.id, expiresAt: new Date(now.getTime() + INVITATION_DAYS * DAY_MS) }, tx);
    });
    return this.deliver(row, token, actor, origin);
  }

  /** A new link (and a fresh 7 days) for a pending invitation, emailed again when possible. */
  async resend(id: string, actor: Person, origin: string): Promise<InvitationLinkDto> {
    const now = this.clock.now();
    const { token, hash } = newInvitationToken();
    const row = await this.transactions.run(async (tx) => {
      const invitation = isUuid(id) ? await this.invitations.findById(id, tx) : null;
      if (!invitation || invitationState(invitation, now) === 'accepted' || invitationState(invitation, now) === 'revoked') throw new AppError('not_found', 'No pending invitation with this id.');
      Object.assign(invitation, { tokenHash: hash, expiresAt: new Date(now.getTime() + INVITATION_DAYS * DAY_MS), sentAt: null });
      return this.invitations.save(invitation, tx);
    });
    return this.deliver(row, token, actor, origin);
  }

  async revoke(id: string): Promise<void> {
    const now = this.clock.now();
    await this.transactions.run(async (tx) => {
      const invitation = isUuid(id) ? await this.invitations.findById(id, tx) : null;
      if (!invitation || invitationState(invitation, now) !== 'pending') throw new AppError('not_found', 'No pending invitation with this id.');
      invitation.revokedAt = now;
      await this.invitations.save(invitation, tx);
    });
  }

  /** What the link's page shows; the same "not valid" answer for unknown, used, revoked and expired links. */
  async preview(token: string): Promise<InvitationPreviewDto> {
    const invitation = await this.usable(token);
    return { email: invitation.email, invitedBy: await this.invitations.inviterName(invitation.invitedBy), expiresAt: invitation.expiresAt.toISOString() };
  }

  /** Creates the account and uses the invitation up; the caller signs the new person in. */
  async accept(token: string, input: AcceptInvitationRequest, ip: string | null): Promise<Person> {
    const invitation = await this.usable(token);
    const inviter = invitation.invitedBy ? await this.people.get(invitation.invitedBy).catch(() => null) : null;
    if (!inviter) throw new AppError('not_found', 'This invitation link is not valid any more: the admin who sent it is gone. Ask for a new one.');
    // The person's email is unique: of two people racing with the same link, one account is created.
    const person = await this.people.create(
      { name: input.name, email: invitation.email, password: input.password, timeZone: input.timeZone, access: invitation.access, supportRole: invitation.supportRole, workingDays: [1, 2, 3, 4, 5] },
      inviter,
      ip,
    );
    const now = this.clock.now();
    await this.transactions.run(async (tx) => {
      const locked = await this.invitations.findById(invitation.id, tx);
      if (!locked || locked.acceptedAt) return;
      Object.assign(locked, { acceptedAt: now, personId: person.id });
      await this.invitations.save(locked, tx);
    });
    return person;
  }

  private async usable(token: string): Promise<InvitationRow> {
    const invitation = token.length <= 100 ? await this.invitations.findByTokenHash(hashInvitationToken(token)) : null;
    if (!invitation || invitationState(invitation, this.clock.now()) !== 'pending') {
      throw new AppError('not_found', 'This invitation link is not valid: it was used, revoked or replaced, or it expired. Ask your admin for a new one.');
    }
    return invitation;
  }

  private async deliver(row: InvitationRow, token: string, actor: Person, origin: string): Promise<InvitationLinkDto> {
    const link = `${(this.config.publicUrl ?? origin).replace(/\/+$/, '')}/invite/${token}`;
    const outcome = await this.mail.deliver({
      to: row.email,
      subject: `${actor.name} invites you to Wholegrain`,
      text: `Hi,\n\n${actor.name} invites you to answer customers with the team in Wholegrain.\n\nChoose your name and password here (the link works once, for ${INVITATION_DAYS} days):\n${link}\n\n— Wholegrain`,
      headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' },
    });
    if (outcome.sent) {
      await this.transactions.run(async (tx) => {
        row.sentAt = this.clock.now();
        await this.invitations.save(row, tx);
      });
    }
    return { invitation: toDto(row, actor.name), link, emailed: outcome.sent, emailProblem: outcome.sent ? null : problemOf(outcome) };
  }
}

/** Why an invitation was not emailed, in words for an admin holding the link. */
function problemOf(outcome: { noServer: boolean; error: string }): string {
  return outcome.noServer ? `${NO_SYSTEM_MAIL}: copy the link and send it yourself.` : `The email could not be sent (${outcome.error}): copy the link and send it yourself.`;
}

function toDto(row: InvitationRow, inviterName: string | null): InvitationDto {
  return {
    id: row.id,
    email: row.email,
    access: row.access,
    supportRole: row.supportRole,
    invitedBy: row.invitedBy ? { id: row.invitedBy, name: inviterName ?? '' } : null,
    createdAt: new Date(row.createdAt).toISOString(),
    expiresAt: new Date(row.expiresAt).toISOString(),
    sentAt: row.sentAt ? new Date(row.sentAt).toISOString() : null,
  };
}
