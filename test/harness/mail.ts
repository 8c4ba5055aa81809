import { randomBytes } from 'node:crypto';

/** A plain-text email as a mail client would send it (CRLF line ends). Overrides for each header. */
export function buildInboundEmail(options: {
  from?: string;
  to?: string;
  cc?: string;
  subject?: string;
  messageId?: string | null;
  inReplyTo?: string;
  references?: string;
  date?: string;
  body?: string;
  headers?: Record<string, string>;
} = {}): string {
  const messageId = options.messageId === undefined ? `<${randomBytes(8).toString('hex')}@customer.example>` : options.messageId;
  const headers: [string, string | undefined][] = [
    ['From', options.from ?? 'Carla Customer <carla@customer.example>'],
    ['To', options.to ?? 'support@wholegrain.test'],
    ['Cc', options.cc],
    ['Subject', options.subject ?? 'Calendar sync drops my events'],
    ['Date', options.date ?? 'Sat, 28 Nov 2026 09:15:00 +0100'],
    ['Message-ID', messageId ?? undefined],
    ['In-Reply-To', options.inReplyTo],
    ['References', options.references],
    ['MIME-Version', '1.0'],
    ['Content-Type', 'text/plain; charset=utf-8'],
    ['Content-Transfer-Encoding', '8bit'],
    ...Object.entries(options.headers ?? {}),
  ];
  const head = headers.filter(([, value]) => value !== undefined).map(([name, value]) => `${name}: ${value}`).join('\r\n');
  const body = (options.body ?? 'Hi,\n\nEvery time I sync, the events from yesterday vanish.\n\nCarla').replace(/\r?\n/g, '\r\n');
  return `${head}\r\n\r\n${body}\r\n`;
}
