import { ImapFlow, type ImapFlowError } from 'imapflow';
import { classifyAuthRefusal, explainAuthRefusal } from './auth-refusal.js';

/** The only file that imports imapflow: everything else speaks in these types. */
export interface ImapSettings {
  host: string;
  port: number;
  tls: boolean;
  user: string;
  password: string;
  /** OAuth 2.0: signs in with XOAUTH2/OAUTHBEARER instead of the password. */
  accessToken?: string;
  allowSelfSigned: boolean;
}

export interface FolderState {
  uidValidity: string;
  /** Messages in the folder now. */
  exists: number;
}

export interface FetchedMessage {
  uid: number;
  source: Buffer;
  internalDate: Date | null;
}

export type ImapFailureKind = 'auth' | 'tls' | 'connection' | 'folder' | 'protocol';

/** An IMAP failure translated once, here, into what the sync state machine needs to know. */
export class ImapFailure extends Error {
  constructor(
    readonly kind: ImapFailureKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ImapFailure';
  }
}

const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
]);

export function translateImapError(error: unknown, settings: Pick<ImapSettings, 'host' | 'port'> & { accessToken?: string }): ImapFailure {
  if (error instanceof ImapFailure) return error;
  const failure = error as ImapFlowError & { code?: string; response?: string; serverResponseCode?: string };
  const where = `${settings.host}:${settings.port}`;
  if (failure?.authenticationFailed) {
    const serverText = `${failure.serverResponseCode ?? ''} ${failure.response ?? ''} ${failure.responseText ?? ''}`;
    return new ImapFailure('auth', explainAuthRefusal(classifyAuthRefusal(serverText), 'IMAP', where, Boolean(settings.accessToken)), { cause: error });
  }
  if (failure?.tlsFailed || (failure?.code && TLS_CODES.has(failure.code))) {
    return new ImapFailure(
      'tls',
      `The IMAP server at ${where} has a TLS certificate that cannot be verified (${failure.code ?? 'TLS failure'}). If you trust it, allow a self-signed certificate for this mailbox.`,
      { cause: error },
    );
  }
  if (failure?.mailboxMissing) return new ImapFailure('folder', `The folder "${failure.path ?? '?'}" does not exist on ${where}.`, { cause: error });
  const code = failure?.code ?? '';
  if (['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH', 'CONNECT_TIMEOUT', 'GREETING_TIMEOUT', 'NoConnection', 'EConnectionClosed', 'ETIMEOUT'].includes(code)) {
    return new ImapFailure('connection', `Cannot reach the IMAP server at ${where} (${code}).`, { cause: error });
  }
  return new ImapFailure('protocol', `The IMAP server at ${where} answered unexpectedly: ${failure?.responseText ?? failure?.message ?? String(error)}`, { cause: error });
}

export class ImapSession {
  /**
   * The server reported new mail (EXISTS) in the open folder since the last look (a wait that
   * returned 'new-mail', or a UID search). Kept between commands, so mail announced while this
   * session was busy (fetching for a sync) still wakes the next wait instead of being missed.
   */
  private newMailReported = false;
  /** The folder the last successful openFolder selected. */
  private openPath: string | null = null;

  private constructor(
    private readonly client: ImapFlow,
    private readonly settings: ImapSettings,
  ) {
    client.on('exists', () => {
      this.newMailReported = true;
    });
  }

  static async open(settings: ImapSettings): Promise<ImapSession> {
    const client = new ImapFlow({
      host: settings.host,
      port: settings.port,
      secure: settings.tls,
      auth: settings.accessToken ? { user: settings.user, accessToken: settings.accessToken } : { user: settings.user, pass: settings.password },
      tls: { rejectUnauthorized: !settings.allowSelfSigned },
      logger: false,
      disableAutoIdle: true,
      connectionTimeout: 30_000,
      greetingTimeout: 15_000,
      socketTimeout: 5 * 60_000,
    });
    // Errors after connect arrive as events; without a listener they would crash the process.
    client.on('error', () => undefined);
    try {
      await client.connect();
    } catch (error) {
      client.close();
      throw translateImapError(error, settings);
    }
    return new ImapSession(client, settings);
  }

  async openFolder(path: string): Promise<FolderState> {
    this.openPath = null;
    try {
      const mailbox = await this.client.mailboxOpen(path, { readOnly: true });
      this.openPath = path;
      return { uidValidity: String(mailbox.uidValidity), exists: mailbox.exists };
    } catch (error) {
      throw translateImapError(error, this.settings);
    }
  }

  /**
   * The folder's state if this session has it open already (an IDLE session lent to a sync): no
   * new SELECT needed, the server keeps an open folder current (EXISTS) and its UIDVALIDITY cannot
   * change while it is selected. Null when another folder (or none) is open.
   */
  openedFolder(path: string): FolderState | null {
    const mailbox = this.client.mailbox;
    if (this.openPath !== path || !mailbox || !this.client.usable) return null;
    return { uidValidity: String(mailbox.uidValidity), exists: mailbox.exists };
  }

  /** The folder opened last (and still open), if any. */
  get openedPath(): string | null {
    return this.client.mailbox ? this.openPath : null;
  }

  /** UIDs above `afterUid`, ascending. Filtered here too: `N:*` always matches the last message. */
  async uidsAfter(afterUid: number): Promise<number[]> {
    // What the search answers covers every EXISTS reported so far; later ones wake the next wait.
    this.newMailReported = false;
    try {
      const uids = await this.client.search({ uid: `${afterUid + 1}:*` }, { uid: true });
      return (Array.isArray(uids) ? uids : []).filter((uid) => uid > afterUid).sort((a, b) => a - b);
    } catch (error) {
      throw translateImapError(error, this.settings);
    }
  }

  /** Sizes in bytes of the given UIDs, without downloading them. */
  async sizes(uids: number[]): Promise<Map<number, number>> {
    const sizes = new Map<number, number>();
    if (uids.length === 0) return sizes;
    try {
      for (const message of await this.client.fetchAll(compressUidSet(uids), { uid: true, size: true }, { uid: true })) sizes.set(message.uid, message.size ?? 0);
    } catch (error) {
      throw translateImapError(error, this.settings);
    }
    return sizes;
  }

  /** Full sources of the given UIDs of the open folder (messages expunged meanwhile are absent). */
  async fetch(uids: number[]): Promise<FetchedMessage[]> {
    if (uids.length === 0) return [];
    try {
      const messages = await this.client.fetchAll(compressUidSet(uids), { uid: true, source: true, internalDate: true }, { uid: true });
      return messages
        .filter((message) => message.source)
        .map((message) => ({
          uid: message.uid,
          source: message.source as Buffer,
          internalDate: message.internalDate ? new Date(message.internalDate) : null,
        }));
    } catch (error) {
      throw translateImapError(error, this.settings);
    }
  }

  /**
   * Waits in IDLE until the server reports new mail, or until maxWaitMs passes or the signal aborts.
   * Only a wake-up: the caller always syncs by UID range afterwards. New mail the server reported
   * since the last look (while this session was busy) returns at once, without entering IDLE.
   */
  async waitForNewMail(maxWaitMs: number, signal?: AbortSignal): Promise<'new-mail' | 'timeout'> {
    if (this.newMailReported) {
      this.newMailReported = false;
      return 'new-mail';
    }
    let woke: 'new-mail' | 'timeout' = 'timeout';
    const onExists = () => {
      woke = 'new-mail';
      this.newMailReported = false;
      // Any command ends IDLE (DONE), so the wait returns now.
      void this.client.noop().catch(() => undefined);
    };
    this.client.on('exists', onExists);
    const timer = setTimeout(() => void this.client.noop().catch(() => undefined), maxWaitMs);
    const onAbort = () => void this.client.noop().catch(() => undefined);
    signal?.addEventListener('abort', onAbort);
    try {
      await this.client.idle();
    } catch (error) {
      throw translateImapError(error, this.settings);
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      this.client.off('exists', onExists);
    }
    return woke;
  }

  async close(): Promise<void> {
    try {
      await this.client.logout();
    } catch {
      this.client.close();
    }
  }
}

/** "1,2,3,7,9,10" → "1:3,7,9:10": keeps commands short for large imports. */
export function compressUidSet(uids: number[]): string {
  const sorted = [...uids].sort((a, b) => a - b);
  const parts: string[] = [];
  let start = sorted[0];
  let previous = sorted[0];
  for (const uid of sorted.slice(1)) {
    if (uid === previous! + 1) {
      previous = uid;
      continue;
    }
    parts.push(start === previous ? `${start}` : `${start}:${previous}`);
    start = uid;
    previous = uid;
  }
  if (start !== undefined) parts.push(start === previous ? `${start}` : `${start}:${previous}`);
  return parts.join(',');
}
