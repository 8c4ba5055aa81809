import nodemailer from 'nodemailer';
import { classifyAuthRefusal, explainAuthRefusal } from './auth-refusal.js';

/** The only file that imports nodemailer. */
export interface SmtpSettings {
  host: string;
  port: number;
  /** true: TLS from the first byte (port 465); false: STARTTLS when offered (587, 25). */
  tls: boolean;
  user: string;
  password: string;
  /** OAuth 2.0: signs in with XOAUTH2 instead of the password. */
  accessToken?: string;
  allowSelfSigned: boolean;
}

export type SmtpFailureKind = 'auth' | 'tls' | 'connection' | 'rejected' | 'temporary';

export class SmtpFailure extends Error {
  constructor(
    readonly kind: SmtpFailureKind,
    message: string,
    readonly responseCode?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SmtpFailure';
  }
}

function transportFor(settings: SmtpSettings) {
  return nodemailer.createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.tls,
    auth: settings.accessToken
      ? { type: 'OAuth2' as const, user: settings.user, accessToken: settings.accessToken }
      : settings.user
        ? { user: settings.user, pass: settings.password }
        : undefined,
    tls: { rejectUnauthorized: !settings.allowSelfSigned },
    connectionTimeout: 30_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
    logger: false,
  });
}

export function translateSmtpError(error: unknown, settings: Pick<SmtpSettings, 'host' | 'port'> & { accessToken?: string }): SmtpFailure {
  if (error instanceof SmtpFailure) return error;
  const failure = error as { code?: string; responseCode?: number; response?: string; message?: string };
  const where = `${settings.host}:${settings.port}`;
  if (failure.code === 'EAUTH') {
    const explanation = explainAuthRefusal(classifyAuthRefusal(`${failure.response ?? ''} ${failure.message ?? ''}`), 'SMTP', where, Boolean(settings.accessToken));
    return new SmtpFailure('auth', explanation, failure.responseCode, { cause: error });
  }
  if (failure.code === 'ETLS' || /certificate|self[- ]signed/i.test(failure.message ?? '')) {
    return new SmtpFailure('tls', `The SMTP server at ${where} has a TLS certificate that cannot be verified. If you trust it, allow a self-signed certificate for this mailbox.`, undefined, { cause: error });
  }
  if (failure.responseCode && failure.responseCode >= 500) {
    return new SmtpFailure('rejected', `The SMTP server at ${where} rejected the message: ${failure.response ?? failure.message}`, failure.responseCode, { cause: error });
  }
  if (failure.responseCode && failure.responseCode >= 400) {
    return new SmtpFailure('temporary', `The SMTP server at ${where} answered with a temporary error: ${failure.response ?? failure.message}`, failure.responseCode, { cause: error });
  }
  return new SmtpFailure('connection', `Cannot reach the SMTP server at ${where} (${failure.code ?? failure.message ?? 'unknown error'}).`, undefined, { cause: error });
}

/** Signs in to the SMTP server without sending anything. */
export async function verifySmtp(settings: SmtpSettings): Promise<void> {
  const transport = transportFor(settings);
  try {
    await transport.verify();
  } catch (error) {
    throw translateSmtpError(error, settings);
  } finally {
    transport.close();
  }
}

/** smtp(s)://user:password@host:port → settings (STARTTLS on smtp://, TLS from the start on smtps://). */
export function smtpSettingsFromUrl(value: string): SmtpSettings {
  const url = new URL(value);
  const tls = url.protocol === 'smtps:';
  return {
    host: url.hostname,
    port: url.port ? Number(url.port) : tls ? 465 : 587,
    tls,
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    allowSelfSigned: url.searchParams.get('allowSelfSigned') === 'true',
  };
}

export type MailAddress = string | { name: string; address: string };

export interface OutgoingMail {
  from: MailAddress;
  to: MailAddress | MailAddress[];
  cc?: MailAddress[];
  /** Envelope only: nodemailer never writes a Bcc header. */
  bcc?: MailAddress[];
  subject: string;
  text: string;
  html?: string;
  headers?: Record<string, string>;
  messageId?: string;
  inReplyTo?: string;
  references?: string[];
  /** MIME parts beside the text: the bytes exactly as stored (base64 on the wire). */
  attachments?: { filename: string; content: Buffer; contentType: string; cid?: string; contentDisposition?: 'attachment' | 'inline' }[];
}

/** Sends one message; failures come back translated (auth, tls, connection, rejected, temporary). */
export async function sendMail(settings: SmtpSettings, mail: OutgoingMail): Promise<void> {
  const transport = transportFor(settings);
  try {
    // nodemailer encodes names and subjects (RFC 2047) and folds headers: nothing here is written raw.
    await transport.sendMail({
      from: mail.from,
      to: mail.to,
      ...(mail.cc?.length ? { cc: mail.cc } : {}),
      ...(mail.bcc?.length ? { bcc: mail.bcc } : {}),
      subject: mail.subject,
      text: mail.text,
      ...(mail.html ? { html: mail.html } : {}),
      headers: mail.headers,
      ...(mail.messageId ? { messageId: mail.messageId } : {}),
      ...(mail.inReplyTo ? { inReplyTo: mail.inReplyTo } : {}),
      ...(mail.references?.length ? { references: mail.references } : {}),
      ...(mail.attachments?.length ? { attachments: mail.attachments } : {}),
    });
  } catch (error) {
    throw translateSmtpError(error, settings);
  } finally {
    transport.close();
  }
}
