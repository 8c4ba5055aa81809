import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { NoticeDto } from '../../../../../api/src/duty/duty.types';
import { api } from '../../../lib/api-client';

/** Unread in-app notices (duty reminders) above every page, each dismissible. */
export function Notices() {
  const queryClient = useQueryClient();
  const notices = useQuery({ queryKey: ['notices'], queryFn: () => api<NoticeDto[]>('GET', '/api/notices'), refetchInterval: 60_000 });
  const dismiss = useMutation({
    mutationFn: (id: string) => api<void>('POST', `/api/notices/${encodeURIComponent(id)}/read`),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['notices'] }),
  });
  const unread = notices.data?.filter((notice) => !notice.readAt) ?? [];
  if (unread.length === 0) return null;
  return (
    <div className="notices" role="region" aria-label="Notices">
      {unread.map((notice) => (
        <div key={notice.id} className="banner notice">
          <strong>{notice.title}</strong> <span>{notice.body}</span>
          {notice.email.status === 'failed' ? (
            <span className="small muted" data-testid="notice-email-failed">
              {' '}
              (We could not email you this reminder: {notice.email.error ?? 'the mail server refused it'}.)
            </span>
          ) : null}
          <button type="button" className="button button-small button-quiet" onClick={() => dismiss.mutate(notice.id)}>
            Dismiss
          </button>
        </div>
      ))}
    </div>
  );
}
