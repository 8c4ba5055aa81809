/**
 * Desktop notifications through the browser's Notification API while the app is open. Opt-in per
 * device (this browser's storage), on top of the browser's own permission.
 */
const KEY = 'wholegrain.desktop-notifications';

export type DesktopState = 'unsupported' | 'denied' | 'off' | 'on';

export function desktopState(): DesktopState {
  if (typeof Notification === 'undefined') return 'unsupported';
  if (Notification.permission === 'denied') return 'denied';
  let stored: string | null = null;
  try {
    stored = window.localStorage.getItem(KEY);
  } catch {
    // Private mode: treat as off.
  }
  return stored === 'on' && Notification.permission === 'granted' ? 'on' : 'off';
}

export async function setDesktop(on: boolean): Promise<DesktopState> {
  if (on && typeof Notification !== 'undefined' && Notification.permission !== 'granted') await Notification.requestPermission();
  try {
    if (on) window.localStorage.setItem(KEY, 'on');
    else window.localStorage.removeItem(KEY);
  } catch {
    // Nothing to keep it in: it lasts as long as the page.
  }
  return desktopState();
}

/** Shows one notification; a click focuses the app and opens `url`. */
export function showDesktop(notification: { title: string; body: string; url: string; tag: string }, open: (url: string) => void): void {
  if (desktopState() !== 'on') return;
  const shown = new Notification(notification.title, { body: notification.body, tag: notification.tag, icon: '/icons/icon-192.png' });
  shown.onclick = () => {
    window.focus();
    open(notification.url);
    shown.close();
  };
}
