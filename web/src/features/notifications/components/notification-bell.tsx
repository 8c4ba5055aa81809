import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import type { NotificationDto } from '../../../../../api/src/notifications/notifications.types';
import { ErrorState, Spinner } from '../../../components/status';
import { timeAgo } from '../../../lib/format';
import { useMarkAllRead, useMarkRead, useNotificationChannels, useNotifications } from '../api/notifications';
import { showDesktop } from '../desktop-notifications';
import '../notifications.css';

const APP_TITLE = 'Wholegrain';

/** The bell in the top bar: unread count (also in the tab title), the list, mark read, a link to each thing. */
export function NotificationBell() {
  const notifications = useNotifications();
  const channels = useNotificationChannels();
  const markRead = useMarkRead();
  const markAllRead = useMarkAllRead();
  const [open, setOpen] = useState(false);
  const panel = useRef<HTMLDivElement>(null);
  const unread = notifications.data?.unread ?? 0;
  const navigate = useNavigate();
  // Desktop notifications for what arrives after the page loaded, while you look elsewhere.
  const known = useRef<Set<string> | null>(null);
  useEffect(() => {
    const items = notifications.data?.items;
    if (!items) return;
    if (known.current === null) {
      known.current = new Set(items.map((item) => item.id));
      return;
    }
    for (const item of items) {
      if (known.current.has(item.id)) continue;
      known.current.add(item.id);
      // The desktop shares its switch with Web Push ("Desktop & push" in Your profile).
      if (!item.readAt && !document.hasFocus() && channels.data?.[item.kind]?.push !== false) showDesktop({ title: item.title, body: item.body, url: item.url, tag: item.id }, navigate);
    }
  }, [notifications.data, navigate, channels.data]);

  useEffect(() => {
    document.title = unread > 0 ? `(${unread}) ${APP_TITLE}` : APP_TITLE;
  }, [unread]);

  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setOpen(false);
    };
    const onClick = (event: MouseEvent) => {
      if (panel.current && event.target instanceof Node && !panel.current.parentElement?.contains(event.target)) setOpen(false);
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('mousedown', onClick);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('mousedown', onClick);
    };
  }, [open]);

  const follow = (item: NotificationDto) => {
    if (!item.readAt) markRead.mutate(item.id);
    setOpen(false);
  };

  return (
    <div className="notification-bell">
      <button
        type="button"
        className="button button-quiet bell-button"
        aria-expanded={open}
        aria-controls="notification-panel"
        aria-label={unread > 0 ? `Notifications, ${unread} unread` : 'Notifications'}
        onClick={() => setOpen(!open)}
      >
        <svg className="bell-icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
          <path d="M12 3a6 6 0 0 0-6 6v3.6L4.3 16a.7.7 0 0 0 .6 1h14.2a.7.7 0 0 0 .6-1L18 12.6V9a6 6 0 0 0-6-6Zm-2.5 15.5a2.5 2.5 0 0 0 5 0Z" fill="currentColor" />
        </svg>
        {unread > 0 ? (
          <span className="bell-count" data-testid="unread-count" aria-hidden="true">
            {unread > 99 ? '99+' : unread}
          </span>
        ) : null}
      </button>
      {open ? (
        <div className="notification-panel" id="notification-panel" ref={panel} role="region" aria-label="Notifications">
          <div className="notification-panel-header">
            <h2>Notifications</h2>
            <button type="button" className="button button-small" disabled={unread === 0 || markAllRead.isPending} onClick={() => markAllRead.mutate()}>
              Mark all read
            </button>
          </div>
          {notifications.isPending ? (
            <Spinner label="Loading notifications…" />
          ) : notifications.isError ? (
            <ErrorState error={notifications.error} onRetry={() => void notifications.refetch()} />
          ) : notifications.data.items.length === 0 ? (
            <p className="muted notification-empty">Nothing yet. New mail while you are on duty, conversations assigned to you, mentions and swap requests show up here.</p>
          ) : (
            <ul className="notification-list">
              {notifications.data.items.map((item) => (
                <li key={item.id} className={item.readAt ? 'notification' : 'notification unread'} data-testid="notification">
                  <Link to={item.url} onClick={() => follow(item)}>
                    <span className="notification-title">{item.title}</span>
                    {item.body ? <span className="notification-body">{item.body}</span> : null}
                    <time className="small muted" dateTime={item.createdAt}>
                      {timeAgo(item.createdAt)}
                    </time>
                  </Link>
                  {item.readAt ? null : (
                    <button type="button" className="button button-small button-quiet" onClick={() => markRead.mutate(item.id)} aria-label={`Mark read: ${item.title}`}>
                      Mark read
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )}
        </div>
      ) : null}
    </div>
  );
}
