/** IMAP/SMTP settings a provider publishes; pure data and parsing, no I/O. */
export interface ServerGuess {
  host: string;
  port: number;
  tls: boolean;
}

export interface MailSettingsGuess {
  source: 'built-in' | 'autoconfig';
  /** Set when the provider needs OAuth: the admin should choose it instead of "Other". */
  oauthProvider: 'google' | 'microsoft' | null;
  imap: ServerGuess;
  smtp: ServerGuess;
  /** The user name to sign in with (usually the address). */
  user: string;
}

type Entry = Omit<MailSettingsGuess, 'source' | 'user'> & { domains: string[]; user?: 'address' | 'local-part' };

const tls = (host: string, port: number): ServerGuess => ({ host, port, tls: true });
const starttls = (host: string, port: number): ServerGuess => ({ host, port, tls: false });

const ENTRIES: Entry[] = [
  { domains: ['gmail.com', 'googlemail.com'], oauthProvider: 'google', imap: tls('imap.gmail.com', 993), smtp: tls('smtp.gmail.com', 465) },
  {
    domains: ['outlook.com', 'hotmail.com', 'live.com', 'msn.com', 'outlook.fr', 'outlook.de', 'hotmail.co.uk', 'hotmail.fr', 'live.co.uk'],
    oauthProvider: 'microsoft',
    imap: tls('outlook.office365.com', 993),
    smtp: starttls('smtp-mail.outlook.com', 587),
  },
  { domains: ['fastmail.com', 'fastmail.fm', 'messagingengine.com', 'fastmail.net'], oauthProvider: null, imap: tls('imap.fastmail.com', 993), smtp: tls('smtp.fastmail.com', 465) },
  { domains: ['icloud.com', 'me.com', 'mac.com'], oauthProvider: null, imap: tls('imap.mail.me.com', 993), smtp: starttls('smtp.mail.me.com', 587), user: 'local-part' },
  { domains: ['yahoo.com', 'ymail.com', 'rocketmail.com', 'yahoo.co.uk', 'yahoo.fr', 'yahoo.de'], oauthProvider: null, imap: tls('imap.mail.yahoo.com', 993), smtp: tls('smtp.mail.yahoo.com', 465) },
  { domains: ['aol.com'], oauthProvider: null, imap: tls('imap.aol.com', 993), smtp: tls('smtp.aol.com', 465) },
  { domains: ['zoho.com', 'zohomail.com'], oauthProvider: null, imap: tls('imap.zoho.com', 993), smtp: tls('smtp.zoho.com', 465) },
  { domains: ['zoho.eu', 'zohomail.eu'], oauthProvider: null, imap: tls('imap.zoho.eu', 993), smtp: tls('smtp.zoho.eu', 465) },
  { domains: ['gmx.com', 'gmx.us', 'gmx.co.uk'], oauthProvider: null, imap: tls('imap.gmx.com', 993), smtp: starttls('mail.gmx.com', 587) },
  { domains: ['gmx.net', 'gmx.de', 'gmx.at', 'gmx.ch'], oauthProvider: null, imap: tls('imap.gmx.net', 993), smtp: starttls('mail.gmx.net', 587) },
  { domains: ['web.de'], oauthProvider: null, imap: tls('imap.web.de', 993), smtp: starttls('smtp.web.de', 587) },
  { domains: ['mail.com'], oauthProvider: null, imap: tls('imap.mail.com', 993), smtp: starttls('smtp.mail.com', 587) },
  { domains: ['yandex.com', 'yandex.ru'], oauthProvider: null, imap: tls('imap.yandex.com', 993), smtp: tls('smtp.yandex.com', 465) },
  { domains: ['mailbox.org'], oauthProvider: null, imap: tls('imap.mailbox.org', 993), smtp: tls('smtp.mailbox.org', 465) },
  { domains: ['posteo.de', 'posteo.net'], oauthProvider: null, imap: tls('posteo.de', 993), smtp: starttls('posteo.de', 587) },
];

export function domainOf(address: string): string | null {
  const at = address.lastIndexOf('@');
  const domain = at >= 0 ? address.slice(at + 1).trim().toLowerCase() : '';
  return /^[a-z0-9.-]+\.[a-z]{2,}$/.test(domain) ? domain : null;
}

/** The built-in table: common providers by the address's domain. */
export function builtInSettings(address: string): MailSettingsGuess | null {
  const domain = domainOf(address);
  const entry = domain ? ENTRIES.find((candidate) => candidate.domains.includes(domain)) : undefined;
  if (!entry) return null;
  return {
    source: 'built-in',
    oauthProvider: entry.oauthProvider,
    imap: entry.imap,
    smtp: entry.smtp,
    user: entry.user === 'local-part' ? address.slice(0, address.lastIndexOf('@')) : address.trim().toLowerCase(),
  };
}

/** Where Thunderbird-style autoconfig may be published for a domain, in the order to try. */
export function autoconfigUrls(address: string): string[] {
  const domain = domainOf(address);
  if (!domain) return [];
  const query = `?emailaddress=${encodeURIComponent(address)}`;
  return [
    `https://autoconfig.${domain}/mail/config-v1.1.xml${query}`,
    `http://autoconfig.${domain}/mail/config-v1.1.xml${query}`,
    `https://${domain}/.well-known/autoconfig/mail/config-v1.1.xml${query}`,
  ];
}

const decodeXml = (value: string) =>
  value
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&')
    .trim();

function tag(block: string, name: string): string | null {
  const match = new RegExp(`<${name}>([^<]*)</${name}>`, 'i').exec(block);
  return match?.[1] !== undefined ? decodeXml(match[1]) : null;
}

function server(block: string | undefined): (ServerGuess & { user: string | null }) | null {
  if (!block) return null;
  const host = tag(block, 'hostname');
  const port = Number(tag(block, 'port'));
  const socketType = (tag(block, 'socketType') ?? '').toUpperCase();
  if (!host || !/^[A-Za-z0-9.-]+$/.test(host) || !Number.isInteger(port) || port < 1 || port > 65535) return null;
  return { host, port, tls: socketType === 'SSL', user: tag(block, 'username') };
}

/**
 * A Mozilla autoconfig document (clientConfig v1.1) → settings: the first IMAP incoming server and
 * the first SMTP outgoing server, with %EMAILADDRESS%, %EMAILLOCALPART% and %EMAILDOMAIN% filled in.
 */
export function parseAutoconfig(xml: string, address: string): MailSettingsGuess | null {
  const incoming = [...xml.matchAll(/<incomingServer\s+type="imap"\s*>([\s\S]*?)<\/incomingServer>/gi)].map((match) => match[1]);
  const outgoing = [...xml.matchAll(/<outgoingServer\s+type="smtp"\s*>([\s\S]*?)<\/outgoingServer>/gi)].map((match) => match[1]);
  const imap = server(incoming[0]);
  const smtp = server(outgoing[0]);
  if (!imap || !smtp) return null;
  const at = address.lastIndexOf('@');
  const fill = (value: string | null) =>
    (value ?? '%EMAILADDRESS%').replace(/%EMAILADDRESS%/g, address).replace(/%EMAILLOCALPART%/g, address.slice(0, at)).replace(/%EMAILDOMAIN%/g, address.slice(at + 1));
  return {
    source: 'autoconfig',
    oauthProvider: null,
    imap: { host: imap.host, port: imap.port, tls: imap.tls },
    smtp: { host: smtp.host, port: smtp.port, tls: smtp.tls },
    user: fill(imap.user),
  };
}
