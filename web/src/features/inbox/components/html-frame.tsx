import { useQuery } from '@tanstack/react-query';
import { useMemo, useRef, useState } from 'react';
import type { AttachmentDto } from '../../../../../api/src/conversations/conversations.types';
import { Spinner, ErrorState } from '../../../components/status';
import { fetchMessageHtml } from '../api/conversations';
import { prepareHtml } from './prepare-html';

/** A message's HTML, sanitised, in a sandboxed frame (no scripts, own CSP); remote images on request. */
export function HtmlFrame({ messageId, attachments }: { messageId: string; attachments: AttachmentDto[] }) {
  const html = useQuery({ queryKey: ['messages', 'html', messageId], queryFn: () => fetchMessageHtml(messageId), staleTime: Number.POSITIVE_INFINITY });
  const [loadRemoteImages, setLoadRemoteImages] = useState(false);
  const [height, setHeight] = useState(200);
  const frame = useRef<HTMLIFrameElement>(null);
  const cidUrls = useMemo(
    () =>
      new Map(
        attachments
          .filter((attachment) => attachment.contentId)
          .map((attachment) => [attachment.contentId!.replace(/^<|>$/g, '').toLowerCase(), `/api/attachments/${encodeURIComponent(attachment.id)}?inline=1`]),
      ),
    [attachments],
  );
  const prepared = useMemo(() => (html.data ? prepareHtml(html.data.html, { loadRemoteImages, cidUrls }) : null), [html.data, loadRemoteImages, cidUrls]);

  if (html.isPending) return <Spinner label="Loading the formatted message…" />;
  if (html.isError) return <ErrorState error={html.error} onRetry={() => void html.refetch()} />;
  return (
    <div className="html-message">
      {prepared && prepared.blockedImages > 0 && !loadRemoteImages ? (
        <p className="blocked-images" role="status">
          {prepared.blockedImages === 1 ? '1 remote image was' : `${prepared.blockedImages} remote images were`} blocked to protect your privacy (senders use them to see when you read).{' '}
          <button type="button" className="button button-small" onClick={() => setLoadRemoteImages(true)}>
            Load images for this message
          </button>
        </p>
      ) : null}
      <iframe
        ref={frame}
        title="Formatted message"
        className="html-frame"
        // No allow-scripts: nothing in the message can run. allow-same-origin only lets us measure its height.
        sandbox="allow-same-origin allow-popups allow-popups-to-escape-sandbox"
        referrerPolicy="no-referrer"
        srcDoc={prepared?.document ?? ''}
        style={{ height }}
        onLoad={() => {
          const body = frame.current?.contentDocument?.body;
          if (body) setHeight(Math.min(Math.max(body.scrollHeight + 16, 80), 4000));
        }}
      />
    </div>
  );
}
