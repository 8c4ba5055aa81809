// The mail parser's worker thread (started by parse-email.ts): parses raw bytes with mailparser on
// another core and sends back only what parseEmail reads.
import { parentPort, workerData } from 'node:worker_threads';
import { type ParsedMail, simpleParser } from 'mailparser';

export interface ParseRequest {
  id: number;
  bytes: Uint8Array;
}

/** The parsed mail; `fallback` when it could not be sent back (parse in the main thread); `error` when parsing failed. */
export type ParseResponse = { id: number; parsed: ParsedMail } | { id: number; fallback: string } | { id: number; error: string };

export interface ParserWorkerData {
  options: Parameters<typeof simpleParser>[1];
}

const port = parentPort;
if (port) {
  const { options } = workerData as ParserWorkerData;
  port.on('message', ({ id, bytes }: ParseRequest) => {
    simpleParser(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), options).then(
      (parsed) => {
        // The decoded header structures are costly to copy, and the raw header lines carry the same headers.
        const contentType = parsed.headers.get('content-type');
        parsed.headers = new Map(contentType === undefined ? [] : [['content-type', contentType]]);
        for (const attachment of parsed.attachments) delete (attachment as { headers?: unknown }).headers;
        try {
          port.postMessage({ id, parsed } satisfies ParseResponse);
        } catch (error) {
          port.postMessage({ id, fallback: error instanceof Error ? error.message : String(error) } satisfies ParseResponse);
        }
      },
      (error: unknown) => port.postMessage({ id, error: error instanceof Error ? error.message : String(error) } satisfies ParseResponse),
    );
  });
}
