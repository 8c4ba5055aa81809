import { useMutation } from '@tanstack/react-query';
import type { UndoneReplyDto } from '../../../../../api/src/conversations/conversations.types';
import { api } from '../../../lib/api-client';
import { useApplyConversation } from './conversations';

/** Takes back a held reply (still within its undo time): it is never sent; the draft comes back. */
export function useUndoSend() {
  const apply = useApplyConversation();
  return useMutation({
    mutationFn: (messageId: string) => api<UndoneReplyDto>('POST', `/api/messages/${encodeURIComponent(messageId)}/undo`),
    onSuccess: (result) => apply(result.conversation),
  });
}
