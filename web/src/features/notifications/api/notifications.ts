import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { NotificationListDto, NotificationPreferencesDto } from '../../../../../api/src/notifications/notifications.types';
import { api } from '../../../lib/api-client';
import { subscribeEvents } from '../../../lib/event-stream';

export const notificationsQuery = queryOptions({
  queryKey: ['notifications'],
  queryFn: () => api<NotificationListDto>('GET', '/api/notifications'),
  // The live stream refreshes it; polling only covers a stream that is down.
  refetchInterval: 120_000,
});

/** Your notifications, kept current by the live event stream (any API process, any tab of yours). */
export function useNotifications() {
  const queryClient = useQueryClient();
  useEffect(() => {
    const refresh = () => void queryClient.invalidateQueries({ queryKey: ['notifications'] });
    const stops = [subscribeEvents('notification', refresh), subscribeEvents('open', refresh)];
    return () => {
      for (const stop of stops) stop();
    };
  }, [queryClient]);
  return useQuery(notificationsQuery);
}

export function useMarkRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<void>('POST', `/api/notifications/${encodeURIComponent(id)}/read`),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['notifications'] }),
  });
}

export function useMarkAllRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api<void>('POST', '/api/notifications/read-all'),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['notifications'] }),
  });
}

/** Your per-kind, per-channel choices (the same cache entry as Your profile's form). */
export const useNotificationChannels = () => useQuery({ queryKey: ['notification-preferences'], queryFn: () => api<NotificationPreferencesDto>('GET', '/api/notifications/preferences') });
