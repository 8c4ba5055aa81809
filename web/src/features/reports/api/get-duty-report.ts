import { useQuery } from '@tanstack/react-query';
import type { DutyReportDto } from '../../../../../api/src/reports/reports.types';
import { api } from '../../../lib/api-client';

export interface ReportPeriod {
  from?: string;
  to?: string;
}

const search = (period: ReportPeriod, extra: Record<string, string> = {}) => {
  const params = new URLSearchParams(extra);
  if (period.from) params.set('from', period.from);
  if (period.to) params.set('to', period.to);
  const text = params.toString();
  return text ? `?${text}` : '';
};

/** The duty report of the (first) rotation; without dates, the last four weeks. */
export const useDutyReport = (period: ReportPeriod) =>
  useQuery({ queryKey: ['reports', 'duty', period.from ?? '', period.to ?? ''], queryFn: () => api<DutyReportDto>('GET', `/api/reports/duty${search(period)}`) });

/** Where the CSV of one table downloads from (the same period). */
export const dutyReportCsvUrl = (period: ReportPeriod, table: 'days' | 'weeks') => `/api/reports/duty.csv${search(period, { table })}`;
