import { megabytes } from './megabytes.js';

/** An attached file as the size check sees it. */
export interface SizedFile {
  filename: string | null;
  size: number;
}

/** A size as people read it: "512 bytes", "70 KB", "25 MB". */
export function readableSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} ${bytes === 1 ? 'byte' : 'bytes'}`;
  if (bytes < 1024 * 1024) return `${Number((bytes / 1024).toFixed(1))} KB`;
  return megabytes(bytes);
}

/** A file's size beside a limit it is over, told apart when both would read the same ("25 MB" vs "25 MB"). */
const overLimit = (bytes: number, limit: number) => (readableSize(bytes) === readableSize(limit) ? `${bytes.toLocaleString('en')} bytes` : readableSize(bytes));

/**
 * Why a forward cannot go out under the outbound limits the composer uses (each file, and all of
 * one message's files together), or null. `originals`: the forwarded mail's attachments, which go
 * with it; `uploadBytes`: the files the person added; `whole`: the whole conversation is forwarded.
 */
export function forwardSizeProblem(input: { originals: SizedFile[]; uploadBytes: number; whole: boolean }, limits: { fileBytes: number; totalBytes: number }): string | null {
  const tooLarge = input.originals.filter((file) => file.size > limits.fileBytes);
  if (tooLarge.length > 0) {
    const names = tooLarge.map((file) => `“${file.filename ?? 'attachment'}” (${overLimit(file.size, limits.fileBytes)})`).join(', ');
    const one = tooLarge.length === 1;
    return `Not forwarded: the forwarded mail carries ${names}, larger than ${readableSize(limits.fileBytes)}, the most one attached file may be. ${
      input.whole ? 'Forward the other messages one by one, or share' : 'Share'
    } ${one ? 'that file' : 'those files'} another way.`;
  }
  const originalBytes = input.originals.reduce((total, file) => total + file.size, 0);
  const total = originalBytes + input.uploadBytes;
  if (total <= limits.totalBytes) return null;
  const what = input.uploadBytes > 0 ? `the original attachments (${readableSize(originalBytes)}) and your files (${readableSize(input.uploadBytes)})` : 'the original attachments';
  const way = input.whole
    ? 'Forward fewer messages at a time (one message instead of the whole conversation)'
    : input.uploadBytes > 0 && originalBytes <= limits.totalBytes
      ? 'Take some of your files out'
      : 'Share the files another way';
  return `Not forwarded: ${what} come to ${overLimit(total, limits.totalBytes)}; one message may carry ${readableSize(limits.totalBytes)} at most. ${way}.`;
}
