import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { DutyChangeRequest, UpdateRotationRequest } from '../../../../../api/src/duty/duty.contract';
import type { CalendarDto, CalendarFeedDto, DutyAssignmentDto, DutyChangeDto, DutyNowDto, FairnessDto, HandoffNoteDto, RotationDto, SwapRequestDto, UnroutedDto } from '../../../../../api/src/duty/duty.types';
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

export const useUnrouted = (rotationId: string, enabled: boolean) =>
  useQuery({ queryKey: ['rotations', rotationId, 'unrouted'], queryFn: () => api<UnroutedDto>('GET', `/api/rotations/${encodeURIComponent(rotationId)}/unrouted`), enabled });

export function useAssignUnrouted(rotationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api<{ assigned: number; to: DutyAssignmentDto }>('POST', `/api/rotations/${encodeURIComponent(rotationId)}/unrouted/assign`),
    onSuccess: () => Promise.all([queryClient.invalidateQueries({ queryKey: ['rotations', rotationId, 'unrouted'] }), queryClient.invalidateQueries({ queryKey: ['conversations'] })]),
  });
}

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
    mutationFn: (input: { text: string; addresseeId: string | null }) => api<HandoffNoteDto>('POST', `/api/rotations/${encodeURIComponent(rotationId)}/handoff-notes`, input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['rotations', rotationId, 'handoff-notes'] }),
  });
}

export const useSwapRequests = (rotationId: string) =>
  useQuery({
    queryKey: ['rotations', rotationId, 'swap-requests'],
    queryFn: () => api<SwapRequestDto[]>('GET', `/api/rotations/${encodeURIComponent(rotationId)}/swap-requests`),
  });

export function useSwapActions(rotationId: string) {
  const queryClient = useQueryClient();
  const refresh = () => Promise.all([queryClient.invalidateQueries({ queryKey: ['rotations', rotationId] }), queryClient.invalidateQueries({ queryKey: dutyNowQuery.queryKey })]);
  return {
    ask: useMutation({
      mutationFn: (input: { date: string; reason: string }) => api<SwapRequestDto>('POST', `/api/rotations/${encodeURIComponent(rotationId)}/swap-requests`, input),
      onSuccess: refresh,
    }),
    take: useMutation({
      mutationFn: ({ id, date }: { id: string; date: string }) => api<SwapRequestDto>('POST', `/api/swap-requests/${encodeURIComponent(id)}/take`, { date }),
      onSuccess: refresh,
    }),
    cancel: useMutation({ mutationFn: (id: string) => api<SwapRequestDto>('POST', `/api/swap-requests/${encodeURIComponent(id)}/cancel`), onSuccess: refresh }),
  };
}

/** Admins: change the rotation; planning changes take effect from `effectiveFrom` (earlier days stay). */
export function useUpdateRotation(rotationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: UpdateRotationRequest) => api<RotationDto>('PATCH', `/api/rotations/${encodeURIComponent(rotationId)}`, input),
    onSuccess: () => Promise.all([queryClient.invalidateQueries({ queryKey: ['rotations'] }), queryClient.invalidateQueries({ queryKey: dutyNowQuery.queryKey })]),
  });
}

export const calendarFeedsQuery = queryOptions({ queryKey: ['calendar-feeds'], queryFn: () => api<CalendarFeedDto[]>('GET', '/api/calendar-feeds') });
export const useCalendarFeeds = () => useQuery(calendarFeedsQuery);

export function useCalendarFeedActions() {
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: calendarFeedsQuery.queryKey });
  return {
    create: useMutation({ mutationFn: () => api<CalendarFeedDto>('POST', '/api/calendar-feeds', {}), onSuccess: refresh }),
    revoke: useMutation({ mutationFn: (id: string) => api<void>('DELETE', `/api/calendar-feeds/${encodeURIComponent(id)}`), onSuccess: refresh }),
  };
}
