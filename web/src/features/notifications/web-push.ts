import type { PushKeyDto } from '../../../../api/src/notification-delivery/notification-delivery.types';
import { api } from '../../lib/api-client';

/**
 * Web Push on this device: the service worker's PushManager subscription, sent to the server so
 * notifications reach this browser while Wholegrain is closed.
 */
export type PushState = 'unsupported' | 'denied' | 'off' | 'on';

const supported = () => typeof window !== 'undefined' && 'serviceWorker' in navigator && 'PushManager' in window && typeof Notification !== 'undefined';

async function registration(): Promise<ServiceWorkerRegistration | null> {
  if (!supported()) return null;
  return (await navigator.serviceWorker.getRegistration('/')) ?? null;
}

export async function pushState(): Promise<PushState> {
  const worker = await registration();
  if (!worker) return 'unsupported';
  if (Notification.permission === 'denied') return 'denied';
  return (await worker.pushManager.getSubscription()) ? 'on' : 'off';
}

export async function setPush(on: boolean): Promise<PushState> {
  const worker = await registration();
  if (!worker) return 'unsupported';
  const current = await worker.pushManager.getSubscription();
  if (!on) {
    if (current) {
      await api<void>('POST', '/api/push/subscriptions/remove', { endpoint: current.endpoint });
      await current.unsubscribe();
    }
    return pushState();
  }
  if (Notification.permission !== 'granted' && (await Notification.requestPermission()) !== 'granted') return pushState();
  const { publicKey } = await api<PushKeyDto>('GET', '/api/push/key');
  const subscription = current ?? (await worker.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: base64UrlToBytes(publicKey) }));
  const json = subscription.toJSON() as { endpoint: string; keys: { p256dh: string; auth: string } };
  await api<void>('POST', '/api/push/subscriptions', { endpoint: json.endpoint, keys: json.keys });
  return pushState();
}

function base64UrlToBytes(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4));
  const bytes = new Uint8Array(new ArrayBuffer(binary.length));
  for (let index = 0; index < binary.length; index += 1) bytes[index] = binary.charCodeAt(index);
  return bytes;
}
