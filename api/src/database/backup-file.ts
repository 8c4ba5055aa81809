import { createGunzip, createGzip, type Gzip } from 'node:zlib';
import type { Readable, Writable } from 'node:stream';

/**
 * The backup file: one plain first line (so `head -1 FILE` says what it is and how to keep it),
 * then a gzip stream of a JSON header line and each table's rows in PostgreSQL's COPY text format,
 * in frames (4-byte big-endian length, bytes; a zero-length frame ends a table). The schema is not
 * in the file: it is the reviewed migrations the header lists, which restore re-applies.
 */
export const BACKUP_MAGIC = 'WHOLEGRAIN BACKUP 1';
export const BACKUP_WARNING =
  'This file holds every conversation, contact and account of this Wholegrain, and the key that decrypts its mailbox passwords: store it like a password (encrypted, readable only by those who may restore it), and not only on the server it came from.';

export interface BackupHeader {
  format: 1;
  createdAt: string;
  postgresVersion: string;
  /** Migration names applied in the database, in order: the schema the rows fit. */
  migrations: string[];
  /** Base64 of the 32-byte key that seals mailbox passwords (SECRET_KEY or DATA_DIR/secret.key); null if there was none. */
  secretKey: string | null;
  /** In the order their rows follow (parents before children). */
  tables: { name: string; columns: string[] }[];
  /** Each sequence's position, so new rows never reuse an id. */
  sequences: { name: string; lastValue: string | null }[];
}

/** Writes a backup to `output`: the header now, then each table's COPY bytes through `table(name)`. */
export class BackupWriter {
  private readonly gzip: Gzip;

  constructor(output: Writable, header: BackupHeader) {
    output.write(`${BACKUP_MAGIC} — ${BACKUP_WARNING}\n`);
    this.gzip = createGzip();
    this.gzip.pipe(output);
    this.gzip.write(`${JSON.stringify(header)}\n`);
  }

  /** Frames each chunk of `rows` (a COPY … TO STDOUT stream) into the file; resolves when the table is written. */
  async table(rows: Readable): Promise<void> {
    for await (const chunk of rows) {
      const bytes = chunk as Buffer;
      if (bytes.length === 0) continue;
      await this.write(frameLength(bytes.length));
      await this.write(bytes);
    }
    await this.write(frameLength(0));
  }

  /** Ends the gzip stream; resolves when `output` has everything. */
  async finish(output: Writable): Promise<void> {
    // Piping never ends process.stdout: there, wait for the compressed end and the write buffer instead.
    const isStdio = output === process.stdout;
    const flushed = new Promise<void>((resolve, reject) => {
      if (isStdio) {
        this.gzip.once('end', () => output.write('', () => resolve()));
      } else {
        output.once('finish', resolve);
        output.once('close', resolve);
      }
      output.once('error', reject);
    });
    this.gzip.end();
    await flushed;
  }

  private write(bytes: Buffer): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.gzip.write(bytes, (error) => (error ? reject(error) : undefined))) resolve();
      else this.gzip.once('drain', resolve);
    });
  }
}

function frameLength(length: number): Buffer {
  const prefix = Buffer.alloc(4);
  prefix.writeUInt32BE(length);
  return prefix;
}

/** Reads a backup: the header first, then each table's COPY bytes in order. */
export class BackupReader {
  private buffer: Buffer = Buffer.alloc(0);
  private ended = false;
  private readonly chunks: AsyncIterator<Buffer>;

  private constructor(gunzipped: Readable) {
    this.chunks = gunzipped[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  }

  /** Checks the first line and returns the reader with its header. */
  static async open(input: Readable): Promise<{ reader: BackupReader; header: BackupHeader }> {
    const firstLine = await readFirstLine(input);
    if (!firstLine.line.startsWith(BACKUP_MAGIC)) throw new Error('This is not a Wholegrain backup (it does not start with "WHOLEGRAIN BACKUP 1").');
    const gunzip = createGunzip();
    gunzip.write(firstLine.rest);
    input.pipe(gunzip);
    const reader = new BackupReader(gunzip);
    const headerLine = await reader.readLine();
    const header = JSON.parse(headerLine) as BackupHeader;
    if (header.format !== 1) throw new Error(`Unknown backup format ${String(header.format)}.`);
    return { reader, header };
  }

  /** The next table's COPY bytes, frame by frame, up to its end marker. */
  async *table(): AsyncGenerator<Buffer> {
    for (;;) {
      const length = (await this.take(4)).readUInt32BE(0);
      if (length === 0) return;
      yield await this.take(length);
    }
  }

  private async readLine(): Promise<string> {
    for (;;) {
      const newline = this.buffer.indexOf(0x0a);
      if (newline >= 0) {
        const line = this.buffer.subarray(0, newline).toString('utf8');
        this.buffer = this.buffer.subarray(newline + 1);
        return line;
      }
      if (!(await this.fill())) throw new Error('The backup ends before its header: the file is truncated.');
    }
  }

  private async take(length: number): Promise<Buffer> {
    while (this.buffer.length < length) {
      if (!(await this.fill())) throw new Error('The backup ends in the middle of a table: the file is truncated.');
    }
    const taken = this.buffer.subarray(0, length);
    this.buffer = this.buffer.subarray(length);
    return taken;
  }

  private async fill(): Promise<boolean> {
    if (this.ended) return false;
    const next = await this.chunks.next();
    if (next.done) {
      this.ended = true;
      return false;
    }
    this.buffer = this.buffer.length === 0 ? next.value : Buffer.concat([this.buffer, next.value]);
    return true;
  }
}

/** Reads up to the first newline; what came after it in the same chunk is handed back. */
function readFirstLine(input: Readable): Promise<{ line: string; rest: Buffer }> {
  return new Promise((resolve, reject) => {
    let seen = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      seen = Buffer.concat([seen, chunk]);
      const newline = seen.indexOf(0x0a);
      if (newline >= 0) {
        cleanup();
        input.pause();
        resolve({ line: seen.subarray(0, newline).toString('utf8'), rest: seen.subarray(newline + 1) });
      } else if (seen.length > 4096) {
        cleanup();
        reject(new Error('This is not a Wholegrain backup.'));
      }
    };
    const onEnd = () => {
      cleanup();
      reject(new Error('This is not a Wholegrain backup (the file is empty or cut short).'));
    };
    const cleanup = () => {
      input.off('data', onData);
      input.off('end', onEnd);
      input.off('error', reject);
    };
    input.on('data', onData);
    input.once('end', onEnd);
    input.once('error', reject);
  });
}
