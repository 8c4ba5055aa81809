import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  ConversationFeedbackDto,
  FeedbackSettingsDto,
  FixReplyDto,
  IssueLinkDto,
  IssueStateDto,
  MemberActionsDto,
  QuoteDto,
  ThemeDto,
  ThemeSummaryDto,
  WebhookSecretDto,
} from '../../../../../api/src/feedback/feedback.types';
import { api } from '../../../lib/api-client';
import { useSession } from '../../auth/api/get-session';

export const conversationFeedbackQuery = (conversationId: string) =>
  queryOptions({ queryKey: ['conversations', 'feedback', conversationId], queryFn: () => api<ConversationFeedbackDto>('GET', `/api/conversations/${encodeURIComponent(conversationId)}/feedback`) });
export const themesQuery = queryOptions({ queryKey: ['themes'], queryFn: () => api<ThemeSummaryDto[]>('GET', '/api/themes') });
export const themeQuery = (id: string) => queryOptions({ queryKey: ['themes', id], queryFn: () => api<ThemeDto>('GET', `/api/themes/${encodeURIComponent(id)}`) });
export const issuesQuery = queryOptions({ queryKey: ['issues'], queryFn: () => api<IssueLinkDto[]>('GET', '/api/issues') });
export const fixRepliesQuery = (status: 'draft' | 'sent') => queryOptions({ queryKey: ['fix-replies', status], queryFn: () => api<FixReplyDto[]>('GET', `/api/fix-replies?status=${status}`) });
export const feedbackSettingsQuery = queryOptions({ queryKey: ['settings', 'feedback'], queryFn: () => api<FeedbackSettingsDto>('GET', '/api/settings/feedback') });

export const useConversationFeedback = (conversationId: string) => useQuery(conversationFeedbackQuery(conversationId));
export const useThemes = () => useQuery(themesQuery);
export const useTheme = (id: string) => useQuery(themeQuery(id));
export const useIssues = () => useQuery(issuesQuery);
export const useFixReplies = (status: 'draft' | 'sent') => useQuery(fixRepliesQuery(status));
export const useFeedbackSettings = () => useQuery(feedbackSettingsQuery);

/**
 * Whether the signed-in person may take a feedback action: admins always; members as the admins chose
 * (Settings → Feedback). Retracting one's own quote is always allowed. While loading, the answer is
 * yes: the API refuses with a sentence saying who may, so a button never hides for nothing.
 */
export function useMayDo(action: keyof MemberActionsDto): (ownerId?: string) => boolean {
  const session = useSession();
  const settings = useFeedbackSettings();
  return (ownerId) => {
    const person = session.data?.person;
    if (!person || person.access === 'admin') return true;
    if (action === 'retractOthersQuotes' && ownerId === person.id) return true;
    return settings.data?.memberActions[action] ?? true;
  };
}

/** Every feedback mutation refreshes what it can change: conversations (highlights), themes, issues, drafts. */
function useFeedbackMutation<Input, Output>(call: (input: Input) => Promise<Output>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: call,
    onSuccess: () =>
      Promise.all(['conversations', 'themes', 'issues', 'fix-replies', 'settings'].map((key) => queryClient.invalidateQueries({ queryKey: [key] }))),
  });
}

export const usePinQuote = () =>
  useFeedbackMutation((input: { messageId: string; start: number; end: number; themeIds?: string[] }) => api<QuoteDto>('POST', '/api/quotes', input));
export const useRetractQuote = () => useFeedbackMutation((id: string) => api<void>('DELETE', `/api/quotes/${encodeURIComponent(id)}`));
export const useTagQuote = () =>
  useFeedbackMutation(({ quoteId, themeId }: { quoteId: string; themeId: string }) => api<QuoteDto>('POST', `/api/quotes/${encodeURIComponent(quoteId)}/themes`, { themeId }));
export const useUntagQuote = () =>
  useFeedbackMutation(({ quoteId, themeId }: { quoteId: string; themeId: string }) =>
    api<QuoteDto>('DELETE', `/api/quotes/${encodeURIComponent(quoteId)}/themes/${encodeURIComponent(themeId)}`),
  );
export const useCreateTheme = () =>
  useFeedbackMutation((input: { name: string; description?: string; phrases?: string[] }) => api<ThemeDto>('POST', '/api/themes', input));
export const useUpdateTheme = () =>
  useFeedbackMutation(({ id, ...changes }: { id: string; name?: string; description?: string; phrases?: string[] }) => api<ThemeDto>('PATCH', `/api/themes/${encodeURIComponent(id)}`, changes));
export const useMergeTheme = () =>
  useFeedbackMutation(({ id, intoThemeId }: { id: string; intoThemeId: string }) => api<ThemeDto>('POST', `/api/themes/${encodeURIComponent(id)}/merge`, { intoThemeId }));
export const useCreateIssue = () =>
  useFeedbackMutation((input: { url: string; title?: string; themeIds?: string[]; conversationIds?: string[] }) => api<IssueLinkDto>('POST', '/api/issues', input));
export const useLinkIssueConversation = () =>
  useFeedbackMutation(({ issueId, conversationId }: { issueId: string; conversationId: string }) =>
    api<IssueLinkDto>('POST', `/api/issues/${encodeURIComponent(issueId)}/conversations`, { conversationId }),
  );
export const useLinkIssueTheme = () =>
  useFeedbackMutation(({ issueId, themeId }: { issueId: string; themeId: string }) => api<IssueLinkDto>('POST', `/api/issues/${encodeURIComponent(issueId)}/themes`, { themeId }));
export const useSetIssueState = () =>
  useFeedbackMutation(({ id, state }: { id: string; state: IssueStateDto }) => api<IssueLinkDto>('PATCH', `/api/issues/${encodeURIComponent(id)}`, { state }));
export const useSetFixSummary = () =>
  useFeedbackMutation(({ id, fixSummary }: { id: string; fixSummary: string }) => api<IssueLinkDto>('PATCH', `/api/issues/${encodeURIComponent(id)}`, { fixSummary }));
export const useUnlinkIssueTheme = () =>
  useFeedbackMutation(({ issueId, themeId }: { issueId: string; themeId: string }) =>
    api<IssueLinkDto>('DELETE', `/api/issues/${encodeURIComponent(issueId)}/themes/${encodeURIComponent(themeId)}`),
  );
export const useUnlinkIssueConversation = () =>
  useFeedbackMutation(({ issueId, conversationId }: { issueId: string; conversationId: string }) =>
    api<IssueLinkDto>('DELETE', `/api/issues/${encodeURIComponent(issueId)}/conversations/${encodeURIComponent(conversationId)}`),
  );
export const useSendFixReply = () => useFeedbackMutation((id: string) => api<FixReplyDto>('POST', `/api/fix-replies/${encodeURIComponent(id)}/send`));
export const useDiscardFixReply = () => useFeedbackMutation((id: string) => api<FixReplyDto>('POST', `/api/fix-replies/${encodeURIComponent(id)}/discard`));
export const useEditFixReply = () =>
  useFeedbackMutation(({ id, text }: { id: string; text: string }) => api<FixReplyDto>('PATCH', `/api/fix-replies/${encodeURIComponent(id)}`, { text }));
export const useSendAllFixReplies = () => useFeedbackMutation(() => api<{ sent: number; failed: number }>('POST', '/api/fix-replies/send-all'));
export const usePutFeedbackSettings = () => useFeedbackMutation((input: Partial<FeedbackSettingsDto>) => api<FeedbackSettingsDto>('PUT', '/api/settings/feedback', input));
export const useCreateWebhookSecret = () => useMutation({ mutationFn: (tracker: string) => api<WebhookSecretDto>('POST', `/api/webhooks/${encodeURIComponent(tracker)}/secret`) });
