import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { ApiErrors, ApiJsonBody } from '../common/openapi.js';
import { validate } from '../common/validate.js';
import { AdminOnly, CurrentAuth } from '../people/auth.decorators.js';
import type { Authenticated } from '../people/session.service.js';
import { createRotationRequestSchema, dutyChangeRequestSchema, handoffNoteSchema, rangeQuerySchema, swapRequestSchema, takeSwapRequestSchema, updateRotationRequestSchema } from './duty.contract.js';
import { DutyService } from './duty.service.js';
import type { CalendarDto, DutyAssignmentDto, DutyChangeDto, DutyNowDto, FairnessDto, HandoffNoteDto, RotationDto, SwapRequestDto, UnroutedDto } from './duty.types.js';
import { SwapRequestsService } from './swap-requests.service.js';

@ApiTags('rotation')
@Controller()
export class DutyController {
  constructor(
    private readonly duty: DutyService,
    private readonly swaps: SwapRequestsService,
  ) {}

  @Get('rotations')
  @ApiOperation({ summary: 'Rotations with their members in order' })
  list(): Promise<RotationDto[]> {
    return this.duty.list();
  }

  @Post('rotations')
  @AdminOnly()
  @ApiOperation({ summary: 'Create a rotation (admins)' })
  @ApiJsonBody(createRotationRequestSchema)
  @ApiErrors(400, 403)
  create(@Body() body: unknown, @CurrentAuth() auth: Authenticated, @Req() request: Request): Promise<RotationDto> {
    return this.duty.create(validate(createRotationRequestSchema, body), auth.person, request.ip ?? null);
  }

  @Get('rotations/:id')
  @ApiErrors(404)
  get(@Param('id') id: string): Promise<RotationDto> {
    return this.duty.get(id);
  }

  @Patch('rotations/:id')
  @AdminOnly()
  @ApiOperation({ summary: 'Change a rotation or replace its members (admins)' })
  @ApiJsonBody(updateRotationRequestSchema)
  @ApiErrors(400, 403, 404)
  update(@Param('id') id: string, @Body() body: unknown, @CurrentAuth() auth: Authenticated, @Req() request: Request): Promise<RotationDto> {
    return this.duty.update(id, validate(updateRotationRequestSchema, body), auth.person, request.ip ?? null);
  }

  @Get('rotations/:id/calendar')
  @ApiOperation({ summary: 'Each day from..to with its primary, buddy and shadow and where each came from' })
  @ApiQuery({ name: 'from', description: 'YYYY-MM-DD' })
  @ApiQuery({ name: 'to', description: 'YYYY-MM-DD (at most 400 days)' })
  @ApiErrors(400, 404)
  calendar(@Param('id') id: string, @Query() query: unknown): Promise<CalendarDto> {
    const range = validate(rangeQuerySchema, query);
    return this.duty.calendar(id, range.from, range.to);
  }

  @Get('rotations/:id/fairness')
  @ApiOperation({ summary: 'Primary days served against each member’s weighted target over a window' })
  @ApiQuery({ name: 'from', description: 'YYYY-MM-DD' })
  @ApiQuery({ name: 'to', description: 'YYYY-MM-DD' })
  @ApiErrors(400, 404)
  fairness(@Param('id') id: string, @Query() query: unknown): Promise<FairnessDto> {
    const range = validate(rangeQuerySchema, query);
    return this.duty.fairness(id, range.from, range.to);
  }

  @Get('rotations/:id/changes')
  @ApiOperation({ summary: 'Every override, swap and absence, revoked ones included: who, when and why' })
  @ApiErrors(404)
  changes(@Param('id') id: string): Promise<DutyChangeDto[]> {
    return this.duty.changes(id);
  }

  @Post('rotations/:id/changes')
  @ApiOperation({ summary: 'Record an override, swap or absence (members: their own absences)' })
  @ApiJsonBody(dutyChangeRequestSchema)
  @ApiErrors(400, 403, 404)
  addChange(@Param('id') id: string, @Body() body: unknown, @CurrentAuth() auth: Authenticated, @Req() request: Request): Promise<DutyChangeDto> {
    return this.duty.addChange(id, validate(dutyChangeRequestSchema, body), auth.person, request.ip ?? null);
  }

  @Delete('rotations/:id/changes/:changeId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke a change (it stays in the history, marked revoked)' })
  @ApiErrors(403, 404)
  revokeChange(@Param('id') id: string, @Param('changeId') changeId: string, @CurrentAuth() auth: Authenticated, @Req() request: Request): Promise<void> {
    return this.duty.revokeChange(id, changeId, auth.person, request.ip ?? null);
  }

  @Get('rotations/:id/swap-requests')
  @ApiOperation({ summary: 'Swap requests of a rotation, newest first' })
  @ApiErrors(404)
  swapRequests(@Param('id') id: string): Promise<SwapRequestDto[]> {
    return this.swaps.list(id);
  }

  @Post('rotations/:id/swap-requests')
  @ApiOperation({ summary: 'Ask a teammate to take one of your duty days' })
  @ApiJsonBody(swapRequestSchema)
  @ApiErrors(400, 404)
  askSwap(@Param('id') id: string, @Body() body: unknown, @CurrentAuth() auth: Authenticated): Promise<SwapRequestDto> {
    return this.swaps.ask(id, validate(swapRequestSchema, body), auth.person);
  }

  @Post('swap-requests/:id/take')
  @HttpCode(200)
  @ApiOperation({ summary: 'Take a swap request, giving one of your days back (admins may assign it to someone)' })
  @ApiJsonBody(takeSwapRequestSchema)
  @ApiErrors(400, 403, 404, 409)
  takeSwap(@Param('id') id: string, @Body() body: unknown, @CurrentAuth() auth: Authenticated): Promise<SwapRequestDto> {
    return this.swaps.take(id, validate(takeSwapRequestSchema, body), auth.person);
  }

  @Post('swap-requests/:id/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel your open swap request' })
  @ApiErrors(403, 404, 409)
  cancelSwap(@Param('id') id: string, @CurrentAuth() auth: Authenticated): Promise<SwapRequestDto> {
    return this.swaps.cancel(id, auth.person);
  }

  @Get('rotations/:id/handoff-notes')
  @ApiOperation({ summary: 'The latest handoff notes, newest first' })
  @ApiErrors(404)
  handoffNotes(@Param('id') id: string): Promise<HandoffNoteDto[]> {
    return this.duty.handoffNotes(id);
  }

  @Post('rotations/:id/handoff-notes')
  @ApiOperation({ summary: 'Leave a note for the person taking over' })
  @ApiJsonBody(handoffNoteSchema)
  @ApiErrors(400, 404)
  addHandoffNote(@Param('id') id: string, @Body() body: unknown, @CurrentAuth() auth: Authenticated): Promise<HandoffNoteDto> {
    return this.duty.addHandoffNote(id, validate(handoffNoteSchema, body), auth.person);
  }

  @Get('rotations/:id/unrouted')
  @ApiOperation({ summary: 'Open unassigned conversations the rotation did not route (begun before it answered their mailbox), and who is on duty to take them' })
  @ApiErrors(404)
  unrouted(@Param('id') id: string): Promise<UnroutedDto> {
    return this.duty.unrouted(id);
  }

  @Post('rotations/:id/unrouted/assign')
  @AdminOnly()
  @HttpCode(200)
  @ApiOperation({ summary: 'Give those conversations to the person on duty now (an admin accepting the offer; audited)' })
  @ApiErrors(403, 404, 409)
  assignUnrouted(@Param('id') id: string, @CurrentAuth() auth: Authenticated, @Req() request: Request): Promise<{ assigned: number; to: DutyAssignmentDto }> {
    return this.duty.assignUnrouted(id, auth.person, request.ip ?? null);
  }

  @Get('duty/now')
  @ApiOperation({ summary: 'Who is on duty now in each rotation' })
  now(): Promise<DutyNowDto[]> {
    return this.duty.now();
  }
}
