import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { PushTestDto } from '../../../../../api/src/notification-delivery/notification-delivery.types';
import type { NotificationKind, NotificationPreferenceDto, NotificationPreferencesDto } from '../../../../../api/src/notifications/notifications.types';
import type { PersonDto } from '../../../../../api/src/people/people.types';
import type { UndoSendSettingDto } from '../../../../../api/src/profile/profile.types';
import { api } from '../../../lib/api-client';

export function useUpdateProfile() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { name?: string; timeZone?: string; undoSendSeconds?: number | null }) => api<PersonDto>('PATCH', '/api/me', input),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: ['session'] }),
        queryClient.invalidateQueries({ queryKey: ['people'] }),
        queryClient.invalidateQueries({ queryKey: ['undo-send'] }),
      ]),
  });
}

/** Your undo-send wait and the team default it falls back to. */
export const useUndoSendSetting = () => useQuery({ queryKey: ['undo-send'], queryFn: () => api<UndoSendSettingDto>('GET', '/api/me/undo-send') });

export const useNotificationPreferences = () => useQuery({ queryKey: ['notification-preferences'], queryFn: () => api<NotificationPreferencesDto>('GET', '/api/notifications/preferences') });

export function useSetNotificationPreference() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (changes: Partial<Record<NotificationKind, Partial<NotificationPreferenceDto>>>) => api<NotificationPreferencesDto>('PUT', '/api/notifications/preferences', changes),
    onSuccess: (preferences) => queryClient.setQueryData(['notification-preferences'], preferences),
  });
}

export const useTestPush = () => useMutation({ mutationFn: () => api<PushTestDto>('POST', '/api/push/test') });
