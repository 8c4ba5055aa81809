import { Injectable } from '@nestjs/common';
import type { z } from 'zod';
import { AppError } from '../common/app-error.js';
import { Clock } from '../common/clock.js';
import { isUuid } from '../common/ids.js';
import { TransactionRunner } from '../database/transaction.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import type { Person } from '../people/person.entity.js';
import type { swapRequestSchema, takeSwapRequestSchema } from './duty.contract.js';
import { DutyService } from './duty.service.js';
import type { SwapRequestDto } from './duty.types.js';
import type { SwapRequestRow } from './rotation.entity.js';
import { RotationRepository } from './rotation.repository.js';

type AskInput = z.output<typeof swapRequestSchema>;
type TakeInput = z.output<typeof takeSwapRequestSchema>;

/**
 * Swap requests: a person on duty asks for someone to take their day; a teammate takes it by giving
 * one of their own days back (or an admin assigns it), which records a swap. Only open requests move.
 */
@Injectable()
export class SwapRequestsService {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly duty: DutyService,
    private readonly rotations: RotationRepository,
    private readonly clock: Clock,
    private readonly notifications: NotificationsService,
  ) {}

  async list(rotationId: string): Promise<SwapRequestDto[]> {
    await this.duty.get(rotationId);
    return (await this.rotations.listSwapRequests(rotationId)).map(toDto);
  }

  async ask(rotationId: string, input: AskInput, actor: Person): Promise<SwapRequestDto> {
    if ((await this.onDuty(rotationId, input.date, input.role)) !== actor.id) {
      throw new AppError('validation_failed', `You are not on duty as ${input.role} on ${input.date}, so there is no day to swap.`, { date: ['Not your day'] });
    }
    return this.transactions.run(async (tx) => {
      const request = await this.rotations.insertSwapRequest({ rotationId, requesterId: actor.id, role: input.role, date: input.date, reason: input.reason }, tx);
      await this.notifications.swapAsked({ requestId: request.id, rotationId, date: input.date, role: input.role, reason: input.reason, actor }, tx);
      return toDto(request);
    });
  }

  async take(id: string, input: TakeInput, actor: Person): Promise<SwapRequestDto> {
    const takerId = input.personId ?? actor.id;
    if (takerId !== actor.id && actor.access !== 'admin') throw new AppError('forbidden', 'Only an admin can assign a swap request to someone else.');
    const request = await this.open(id);
    if (takerId === request.requesterId) throw new AppError('validation_failed', 'Someone else has to take the day.', { personId: ['Same person'] });
    if ((await this.onDuty(request.rotationId, input.date, request.role)) !== takerId) {
      throw new AppError('validation_failed', `The day given back (${input.date}) must be one the taker is on duty as ${request.role}.`, { date: ['Not the taker’s day'] });
    }
    const taken = await this.transactions.run(async (tx) => {
      // Lock the request so two people cannot both take it.
      const locked = await this.rotations.lockOpenSwapRequest(id, tx);
      if (!locked) throw new AppError('conflict', 'Someone took or cancelled this request meanwhile.');
      const change = await this.rotations.insertChange(
        {
          rotationId: request.rotationId,
          kind: 'swap',
          role: request.role,
          personId: request.requesterId,
          dateFrom: request.date,
          dateTo: request.date,
          otherPersonId: takerId,
          otherDate: input.date,
          redirectTo: null,
          reason: `Swap request: ${request.reason}`,
          createdBy: actor.id,
        },
        tx,
      );
      Object.assign(locked, { status: 'taken', takenBy: takerId, takenDate: input.date, dutyChangeId: change.id, resolvedAt: this.clock.now() });
      await this.duty.announceChange(request.rotationId, tx);
      const saved = await this.rotations.saveSwapRequest(locked, tx);
      const takerName = takerId === actor.id ? actor.name : ((await this.rotations.personContact(takerId))?.name ?? 'A teammate');
      await this.notifications.swapTaken({ requestId: id, requesterId: request.requesterId, takerId, takerName, date: request.date, takenDate: input.date, actor }, tx);
      return toDto(saved);
    });
    this.duty.changed(request.rotationId);
    return taken;
  }

  async cancel(id: string, actor: Person): Promise<SwapRequestDto> {
    const request = await this.open(id);
    if (request.requesterId !== actor.id && actor.access !== 'admin') throw new AppError('forbidden', 'Only the person who asked, or an admin, can cancel a swap request.');
    if (!(await this.rotations.cancelSwapRequest(id, this.clock.now()))) throw new AppError('conflict', 'This request was taken or cancelled meanwhile.');
    return toDto({ ...request, status: 'cancelled' });
  }

  private async open(id: string): Promise<SwapRequestRow> {
    const request = isUuid(id) ? await this.rotations.findSwapRequest(id) : null;
    if (!request) throw new AppError('not_found', 'No such swap request.');
    if (request.status !== 'open') throw new AppError('conflict', `This request is already ${request.status}.`);
    return request;
  }

  private async onDuty(rotationId: string, date: string, role: 'primary' | 'buddy' | 'shadow'): Promise<string | null> {
    const calendar = await this.duty.calendar(rotationId, date, date);
    return calendar.days[0]?.[role]?.personId ?? null;
  }
}

function toDto(row: SwapRequestRow): SwapRequestDto {
  return {
    id: row.id,
    rotationId: row.rotationId,
    requesterId: row.requesterId,
    role: row.role,
    date: row.date,
    reason: row.reason,
    status: row.status,
    takenBy: row.takenBy,
    takenDate: row.takenDate,
    createdAt: row.createdAt.toISOString(),
  };
}
