import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../common/openapi.js';
import { AdminOnly, CurrentAuth } from '../people/auth.decorators.js';
import type { Authenticated } from '../people/session.service.js';
import type { NewTextRunDto } from './new-text-run.types.js';
import { NewTextRunService } from './new-text-run.service.js';

@ApiTags('new words')
@Controller('admin/new-text')
@AdminOnly()
export class NewTextRunController {
  constructor(private readonly runs: NewTextRunService) {}

  @Get('runs/latest')
  @ApiOperation({ summary: 'The latest re-computation of the new-words spans, with its progress (admins)' })
  async latest(): Promise<{ run: NewTextRunDto | null }> {
    return { run: await this.runs.latest() };
  }

  @Post('runs')
  @HttpCode(202)
  @ApiOperation({ summary: 'Re-compute the new-words span of every stored customer message, in batches; pinned quotes are only flagged' })
  @ApiErrors(409)
  async start(@CurrentAuth() auth: Authenticated): Promise<{ run: NewTextRunDto }> {
    return { run: await this.runs.start(auth.person.id) };
  }
}
