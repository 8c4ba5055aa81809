import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { DutyChangeRequest } from '../../../../../api/src/duty/duty.contract';
import type { CalendarDto, DutyChangeDto, DutyNowDto, FairnessDto, HandoffNoteDto, RotationDto } from '../../../../../api/src/duty/duty.types';
import { api } from '../../../lib/api-client';

export const rotationsQuery = queryOptions({ queryKey: ['rotations'], queryFn: () => api<RotationDto[]>('GET', '/api/rotations') });
export const useRotations = () => useQuery(rotationsQuery);

export const calendarQuery = (rotationId: string, from: string, to: string) =>
  queryOptions({
    queryKey: ['rotations', rotationId, 'calendar', from, to],
    queryFn: () => api<CalendarDto>('GET', `/api/rotations/${encodeURIComponent(rotationId)}/calendar?from=${from}&to=${to}`),
  });
export const useCalendar = (rotationId: string | undefined, from: string, to: string) => useQuery({ ...calendarQuery(rotationId ?? '', from, to), enabled: !!rotationId });

export const useFairness = (rotationId: string | undefined, from: string, to: string) =>
  useQuery({
    queryKey: ['rotations', rotationId, 'fairness', from, to],
    queryFn: () => api<FairnessDto>('GET', `/api/rotations/${encodeURIComponent(rotationId ?? '')}/fairness?from=${from}&to=${to}`),
    enabled: !!rotationId,
  });

export const dutyNowQuery = queryOptions({ queryKey: ['duty-now'], queryFn: () => api<DutyNowDto[]>('GET', '/api/duty/now'), refetchInterval: 60_000 });
export const useDutyNow = () => useQuery(dutyNowQuery);

export function useAddDutyChange(rotationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (change: DutyChangeRequest) => api<DutyChangeDto>('POST', `/api/rotations/${encodeURIComponent(rotationId)}/changes`, change),
    onSuccess: () => Promise.all([queryClient.invalidateQueries({ queryKey: ['rotations', rotationId] }), queryClient.invalidateQueries({ queryKey: dutyNowQuery.queryKey })]),
  });
}

export const useHandoffNotes = (rotationId: string) =>
  useQuery({
    queryKey: ['rotations', rotationId, 'handoff-notes'],
    queryFn: () => api<HandoffNoteDto[]>('GET', `/api/rotations/${encodeURIComponent(rotationId)}/handoff-notes`),
  });

export function useAddHandoffNote(rotationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (text: string) => api<HandoffNoteDto>('POST', `/api/rotations/${encodeURIComponent(rotationId)}/handoff-notes`, { text }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['rotations', rotationId, 'handoff-notes'] }),
  });
}
