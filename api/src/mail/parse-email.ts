import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { type AddressObject, type ParsedMail, simpleParser } from 'mailparser';
import type { ParseResponse, ParserWorkerData } from './parse-email.worker.js';

/** The only file that imports mailparser: the rest of the code works with this shape. */
export interface EmailAddress {
  address: string;
  name: string | null;
}

export interface ParsedAttachment {
  filename: string | null;
  contentType: string;
  size: number;
  sha256: Buffer;
  contentId: string | null;
  disposition: 'attachment' | 'inline';
  content: Buffer;
}

export interface ParsedEmail {
  messageId: string | null;
  inReplyTo: string[];
  references: string[];
  from: EmailAddress | null;
  replyTo: EmailAddress[];
  to: EmailAddress[];
  cc: EmailAddress[];
  subject: string;
  date: Date | null;
  /** Canonical decoded text: the text part, or text derived from the HTML when there is none. */
  text: string;
  /** The HTML part as received (decoded to UTF-8, never sanitised here). */
  html: string | null;
  attachments: ParsedAttachment[];
  /** Lower-case header name → raw (unfolded) values. */
  headers: Map<string, string[]>;
  contentType: string;
  /** Message-IDs a delivery report says it is about (message/rfc822 or text/rfc822-headers parts). */
  reportedMessageIds: string[];
  /** Problems decoding the bytes, shown on the message; never silently "fixed". */
  decodingIssues: string[];
}

const REPLACEMENT = '\uFFFD';

// maxHeadSize: mailsplit stops at 1 MB of headers per MIME node by default, which stranded mail
// with one long header line; MAX_MESSAGE_MB (at most 512) already bounds the whole message.
const PARSER_OPTIONS = { keepCidLinks: true, skipTextToHtml: true, skipImageLinks: true, skipTextLinks: true, maxHeadSize: 512 * 1024 * 1024 } as const;

/**
 * mailparser in a worker thread: parsing is the heaviest CPU work of ingestion, and in a thread of
 * its own it runs on another core while this one fetches mail and talks to PostgreSQL. The worker is
 * parse-email.worker.ts, compiled with the rest of the API. Running from the TypeScript sources (the
 * tests), Node runs the .ts file itself where it can strip types (22.18+), and otherwise the compiled
 * copy under dist/. If no worker can start, dies, or cannot send a result back, the message is
 * parsed here instead: a parse is never lost.
 */
function workerFile(): URL | null {
  const candidates = [new URL('./parse-email.worker.js', import.meta.url)];
  if (import.meta.url.endsWith('.ts')) {
    if ((process.features as { typescript?: unknown }).typescript) candidates.push(new URL('./parse-email.worker.ts', import.meta.url));
    candidates.push(new URL('../../../dist/api/src/mail/parse-email.worker.js', import.meta.url));
  }
  return candidates.find((candidate) => existsSync(candidate)) ?? null;
}

interface PendingParse {
  raw: Buffer;
  resolve: (parsed: ParsedMail) => void;
  reject: (error: Error) => void;
}

class ParserThread {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, PendingParse>();
  private nextId = 0;

  parse(raw: Buffer): Promise<ParsedMail> {
    const worker = this.worker ?? this.start();
    if (!worker) return simpleParser(raw, PARSER_OPTIONS);
    const id = this.nextId++;
    return new Promise<ParsedMail>((resolve, reject) => {
      this.pending.set(id, { raw, resolve, reject });
      worker.ref();
      worker.postMessage({ id, bytes: raw });
    });
  }

  private start(): Worker | null {
    try {
      const file = workerFile();
      if (!file) return null;
      const worker = new Worker(file, { workerData: { options: PARSER_OPTIONS } satisfies ParserWorkerData });
      worker.unref();
      worker.on('message', (message: ParseResponse) => {
        const pending = this.pending.get(message.id);
        if (!pending) return;
        this.pending.delete(message.id);
        // An idle worker must not keep the process alive.
        if (this.pending.size === 0) worker.unref();
        if ('error' in message) pending.reject(new Error(message.error));
        else if ('parsed' in message) pending.resolve(fromWorker(message.parsed));
        else simpleParser(pending.raw, PARSER_OPTIONS).then(pending.resolve, pending.reject);
      });
      const takeBack = () => {
        if (this.worker !== worker) return;
        this.worker = null;
        for (const pending of this.pending.values()) simpleParser(pending.raw, PARSER_OPTIONS).then(pending.resolve, pending.reject);
        this.pending.clear();
      };
      worker.on('error', takeBack);
      worker.on('exit', takeBack);
      this.worker = worker;
      return worker;
    } catch {
      return null;
    }
  }
}

/** A structured clone turns Buffers into Uint8Arrays; the rest of what the worker sends survives as is. */
function fromWorker(parsed: ParsedMail): ParsedMail {
  for (const attachment of parsed.attachments) {
    const content = attachment.content as Uint8Array;
    attachment.content = Buffer.from(content.buffer, content.byteOffset, content.byteLength);
  }
  return parsed;
}

const parser = new ParserThread();

export async function parseEmail(raw: Buffer): Promise<ParsedEmail> {
  const parsed = await parser.parse(raw);
  const headers = new Map<string, string[]>();
  for (const line of parsed.headerLines) {
    const value = line.line.slice(line.line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ').trim();
    headers.set(line.key, [...(headers.get(line.key) ?? []), value]);
  }

  const html = typeof parsed.html === 'string' ? parsed.html : null;
  const text = parsed.text ?? '';
  const decodingIssues: string[] = [];
  // A replacement character the sender did not write means bytes that did not decode.
  const rawHasReplacement = raw.includes(Buffer.from(REPLACEMENT, 'utf8'));
  if (!rawHasReplacement && (text.includes(REPLACEMENT) || html?.includes(REPLACEMENT))) {
    decodingIssues.push('Some bytes of the body could not be decoded in its declared charset; they show as �. The raw message keeps the original bytes.');
  }
  if (!rawHasReplacement && (parsed.subject ?? '').includes(REPLACEMENT)) {
    decodingIssues.push('Some bytes of the subject could not be decoded; the raw message keeps the original bytes.');
  }

  const attachments: ParsedAttachment[] = [];
  const reportedMessageIds: string[] = [];
  for (const attachment of parsed.attachments) {
    const contentType = attachment.contentType || 'application/octet-stream';
    if (contentType === 'message/rfc822' || contentType === 'text/rfc822-headers' || contentType === 'message/rfc822-headers') {
      const match = /^message-id:\s*(<[^>]+>)/im.exec(attachment.content.toString('utf8'));
      if (match?.[1]) reportedMessageIds.push(match[1]);
    }
    attachments.push({
      filename: attachment.filename ?? null,
      contentType,
      size: attachment.size ?? attachment.content.length,
      sha256: createHash('sha256').update(attachment.content).digest(),
      contentId: attachment.contentId ?? attachment.cid ?? null,
      disposition: attachment.contentDisposition === 'inline' || attachment.related ? 'inline' : 'attachment',
      content: attachment.content,
    });
  }

  return {
    messageId: parsed.messageId ?? null,
    inReplyTo: messageIds(parsed.inReplyTo),
    references: messageIds(parsed.references),
    from: firstAddress(parsed.from),
    replyTo: addresses(parsed.replyTo),
    to: addresses(parsed.to),
    cc: addresses(parsed.cc),
    subject: parsed.subject ?? '',
    date: parsed.date && !Number.isNaN(parsed.date.getTime()) ? parsed.date : null,
    text,
    html,
    attachments,
    headers,
    contentType: contentTypeOf(parsed),
    reportedMessageIds,
    decodingIssues,
  };
}

function contentTypeOf(parsed: ParsedMail): string {
  const value = parsed.headers.get('content-type') as { value?: string; params?: Record<string, string> } | string | undefined;
  if (!value) return 'text/plain';
  if (typeof value === 'string') return value.toLowerCase();
  const params = Object.entries(value.params ?? {})
    .map(([name, parameter]) => `; ${name}=${parameter}`)
    .join('');
  return `${(value.value ?? 'text/plain').toLowerCase()}${params.toLowerCase()}`;
}

function messageIds(value: string | string[] | undefined): string[] {
  if (!value) return [];
  const joined = Array.isArray(value) ? value.join(' ') : value;
  return joined.match(/<[^<>\s]+>/g) ?? [];
}

function addresses(value: AddressObject | AddressObject[] | undefined): EmailAddress[] {
  if (!value) return [];
  const list = Array.isArray(value) ? value : [value];
  const result: EmailAddress[] = [];
  const visit = (entry: { address?: string; name?: string; group?: unknown[] }) => {
    if (entry.group) for (const member of entry.group as { address?: string; name?: string }[]) visit(member);
    else if (entry.address && entry.address.includes('@')) result.push({ address: entry.address.trim(), name: entry.name?.trim() || null });
  };
  for (const object of list) for (const entry of object.value) visit(entry);
  return result;
}

function firstAddress(value: AddressObject | undefined): EmailAddress | null {
  return addresses(value)[0] ?? null;
}
