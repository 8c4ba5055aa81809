import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiErrors } from '../common/openapi.js';
import { validate } from '../common/validate.js';
import { dutyDaysCsv, dutyWeeksCsv } from './reports-csv.js';
import { dutyReportQuerySchema } from './reports.contract.js';
import { ReportsService } from './reports.service.js';
import type { DutyReportDto } from './reports.types.js';

@ApiTags('reports')
@Controller()
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('reports/duty')
  @ApiOperation({ summary: 'Duty report: per duty day, per person and per week (received, answered, closed, first-response p50/p90, waiting at handoff, quotes pinned, fairness)' })
  @ApiQuery({ name: 'rotationId', required: false, description: 'The first rotation when not given' })
  @ApiQuery({ name: 'from', required: false, description: 'YYYY-MM-DD (duty date); default: the Monday three weeks ago' })
  @ApiQuery({ name: 'to', required: false, description: 'YYYY-MM-DD (duty date, at most 366 days after from); default: four weeks after from' })
  @ApiErrors(400, 404)
  duty(@Query() query: unknown): Promise<DutyReportDto> {
    return this.reports.dutyReport(validate(dutyReportQuerySchema, query));
  }

  @Get('reports/duty.csv')
  @ApiOperation({ summary: 'The duty report as CSV: table=days (one line per duty day, the default) or table=weeks (per week and person, with fairness)' })
  @ApiErrors(400, 404)
  async dutyCsv(@Query() query: unknown, @Res({ passthrough: true }) response: Response): Promise<string> {
    const parsed = validate(dutyReportQuerySchema, query);
    const report = await this.reports.dutyReport(parsed);
    const table = parsed.table ?? 'days';
    response.setHeader('Content-Type', 'text/csv; charset=utf-8');
    response.setHeader('Content-Disposition', `attachment; filename="duty-${table}-${report.from}-to-${report.to}.csv"`);
    response.setHeader('Cache-Control', 'private, no-store');
    return table === 'weeks' ? dutyWeeksCsv(report) : dutyDaysCsv(report);
  }
}
