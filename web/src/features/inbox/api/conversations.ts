import { type InfiniteData, infiniteQueryOptions, type QueryClient, queryOptions, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  ConversationDto,
  ConversationPageDto,
  InboxPreloadDto,
  PresenceDto,
  ReplyResultDto,
  UpdateConversationRequestDto,
  ViewCountsDto,
} from '../../../../../api/src/conversations/conversations.types';
import { api, uploadFile } from '../../../lib/api-client';
import { queryClient as appQueryClient } from '../../../lib/query-client';
import { type InboxView, viewFor } from '../views';

/**
 * The list's query string for a view and the search words. A search covers every conversation: the
 * view becomes a filter the person adds to the words (`in:open`, see searchFilterFor).
 */
export function listParameters(view: InboxView, q: string): URLSearchParams {
  const parameters = new URLSearchParams();
  if (q.trim()) {
    parameters.set('q', q.trim());
    return parameters;
  }
  if (view.status) parameters.set('status', view.status);
  if (view.assignee) parameters.set('assignee', view.assignee);
  if (view.mailboxId) parameters.set('mailbox', view.mailboxId);
  return parameters;
}

/** Ask again on mount, unless the data has just arrived (the inbox prefetched at sign-in): not the same request twice. */
const askAgainUnlessJustFetched = (query: { state: { dataUpdatedAt: number } }): 'always' | false => (Date.now() - query.state.dataUpdatedAt > 2_000 ? 'always' : false);

export const conversationListQuery = (view: InboxView, q: string) =>
  infiniteQueryOptions({
    queryKey: ['conversations', 'list', view.key, q.trim()],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => {
      const parameters = listParameters(view, q);
      if (pageParam) parameters.set('cursor', pageParam);
      return api<ConversationPageDto>('GET', `/api/conversations?${parameters}`);
    },
    getNextPageParam: (page) => page.nextCursor,
    // Live events keep it current only while the inbox is on screen: coming back from another page, ask again.
    refetchOnMount: askAgainUnlessJustFetched,
  });

/** Under the 'list' key, so every live update and change that refreshes the lists refreshes the counts. */
export const viewCountsQuery = queryOptions({ queryKey: ['conversations', 'list', 'counts'], queryFn: () => api<ViewCountsDto>('GET', '/api/conversations/counts'), refetchOnMount: askAgainUnlessJustFetched });

export const useViewCounts = () => useQuery(viewCountsQuery);

/** The inbox view `path` shows, and the inbox's own address for it; null when `path` is not the inbox. */
function inboxLanding(path: string): { view: InboxView; path: string } | null {
  const match = /^\/(?:inbox(?:\/([^/?#]+))?)?(?:[/?#]|$)/.exec(path);
  if (!match) return null;
  // A mailbox's own view needs the mailbox list to be named; the list's query key is the same either way.
  const key = match[1] ?? 'open';
  const view = key.startsWith('mailbox-') ? { key, label: '', status: 'open' as const, mailboxId: key.slice('mailbox-'.length) } : viewFor(key, []);
  // `/` and `/inbox` go straight to the view's address: no redirect on the way, which would draw the app twice.
  return { view, path: match[1] ? path : `/inbox/${key}` };
}

/** What to ask the sign-in to answer with (`preload`): the list the inbox at `path` shows; nothing for another page. */
export function inboxPreloadFor(path: string): string | undefined {
  const landing = inboxLanding(path);
  return landing ? listParameters(landing.view, '').toString() : undefined;
}

/**
 * Signed in and about to show `path`: when it is the inbox, its list and the view counts are put
 * in place from what the sign-in answered with (`preloaded`, see inboxPreloadFor), or else asked
 * for now, before the app's pages and menus are drawn and their own requests go out, so the
 * conversations arrive with the first paint of the inbox instead of a round trip after it.
 * Returns where to go.
 */
export function prefetchInbox(queryClient: QueryClient, path: string, preloaded?: Partial<InboxPreloadDto>): string {
  const landing = inboxLanding(path);
  if (!landing) return path;
  const list = conversationListQuery(landing.view, '');
  if (preloaded?.list) queryClient.setQueryData(list.queryKey, { pages: [preloaded.list], pageParams: [null] });
  else void queryClient.prefetchInfiniteQuery(list);
  if (preloaded?.counts) queryClient.setQueryData(viewCountsQuery.queryKey, preloaded.counts);
  else void queryClient.prefetchQuery(viewCountsQuery);
  return landing.path;
}

export const useConversationList = (view: InboxView, q: string) => useInfiniteQuery(conversationListQuery(view, q));

/**
 * Opening a conversation marks it read for this person (the server does so as it answers): its
 * row in every list loses its bold at once, instead of at the lists' next refresh.
 */
function markReadInLists(id: string): void {
  appQueryClient.setQueriesData<InfiniteData<ConversationPageDto>>({ queryKey: ['conversations', 'list'], predicate: (query) => query.queryKey[2] !== 'counts' }, (data) =>
    data?.pages.some((page) => page.items.some((item) => item.id === id && item.unread))
      ? { ...data, pages: data.pages.map((page) => ({ ...page, items: page.items.map((item) => (item.id === id ? { ...item, unread: false } : item)) })) }
      : data,
  );
}

export const conversationQuery = (id: string) =>
  queryOptions({
    queryKey: ['conversations', 'one', id],
    queryFn: async () => {
      const conversation = await api<ConversationDto>('GET', `/api/conversations/${encodeURIComponent(id)}`);
      markReadInLists(conversation.id);
      return conversation;
    },
  });

export const useConversation = (id: string | undefined) => useQuery({ ...conversationQuery(id ?? ''), enabled: Boolean(id) });

/** After a change: the conversation from the answer, and every list refetched. */
export function useApplyConversation() {
  const queryClient = useQueryClient();
  return (conversation: ConversationDto) => {
    queryClient.setQueryData(conversationQuery(conversation.id).queryKey, conversation);
    return queryClient.invalidateQueries({ queryKey: ['conversations', 'list'] });
  };
}

export function useUpdateConversation(id: string) {
  const apply = useApplyConversation();
  return useMutation({
    mutationFn: (changes: UpdateConversationRequestDto) => api<ConversationDto>('PATCH', `/api/conversations/${encodeURIComponent(id)}`, changes),
    onSuccess: apply,
  });
}

export function useAddNote(id: string) {
  const apply = useApplyConversation();
  return useMutation({
    mutationFn: (text: string) => api<ConversationDto>('POST', `/api/conversations/${encodeURIComponent(id)}/notes`, { text }),
    onSuccess: apply,
  });
}

export function useSendReply(id: string) {
  const apply = useApplyConversation();
  return useMutation({
    mutationFn: (input: { text: string; seenVersion: number; after?: 'pending' | 'open' | 'closed'; attachmentIds?: string[]; to?: string[]; cc?: string[]; bcc?: string[] }) => api<ReplyResultDto>('POST', `/api/conversations/${encodeURIComponent(id)}/replies`, input),
    onSuccess: (result) => apply(result.conversation),
  });
}

export function useResend() {
  const apply = useApplyConversation();
  return useMutation({
    mutationFn: (messageId: string) => api<ConversationDto>('POST', `/api/messages/${encodeURIComponent(messageId)}/resend`),
    onSuccess: apply,
  });
}

export const presenceQuery = (id: string) =>
  queryOptions({ queryKey: ['conversations', 'presence', id], queryFn: () => api<PresenceDto[]>('GET', `/api/conversations/${encodeURIComponent(id)}/presence`) });

export const announcePresence = (id: string, state: 'viewing' | 'replying' | 'left') =>
  api<PresenceDto[]>('POST', `/api/conversations/${encodeURIComponent(id)}/presence`, { state });

export const fetchMessageHtml = (messageId: string) => api<{ html: string }>('GET', `/api/messages/${encodeURIComponent(messageId)}/html`);

/** A file waiting in the composer (uploaded, not yet sent). */
export interface UploadedFile {
  id: string;
  filename: string;
  contentType: string;
  size: number;
}

export const uploadForReply = (file: Blob, name: string) => uploadFile<UploadedFile>('/api/uploads', file, name);
export const removeUpload = (id: string) => api<void>('DELETE', `/api/uploads/${encodeURIComponent(id)}`);
export const uploadLimitsQuery = queryOptions({
  queryKey: ['uploads', 'limits'],
  queryFn: () => api<{ fileBytes: number; totalBytes: number }>('GET', '/api/uploads/limits'),
  staleTime: Infinity,
});
