import { Controller, Get, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DatabaseHealth } from '../database/transaction.js';
import { Public } from '../people/auth.decorators.js';

export interface HealthDto {
  status: 'ok' | 'degraded';
  database: { status: 'up' | 'down'; latencyMs: number | null; error?: string };
}

@ApiTags('health')
@Controller('health')
@Public()
export class HealthController {
  constructor(private readonly database: DatabaseHealth) {}

  @Get()
  @ApiOperation({ summary: '200 when the API and its database answer, 503 otherwise' })
  async health(@Res({ passthrough: true }) response: Response): Promise<HealthDto> {
    try {
      const latency = await this.database.ping();
      return { status: 'ok', database: { status: 'up', latencyMs: Math.round(latency * 10) / 10 } };
    } catch {
      response.status(503);
      return { status: 'degraded', database: { status: 'down', latencyMs: null, error: 'The database does not answer.' } };
    }
  }
}
