import { describe, expect, it } from 'vitest';
import { forwardSizeProblem, readableSize } from './forward-size.js';

const MB = 1024 * 1024;
const limits = { fileBytes: 25 * MB, totalBytes: 25 * MB };

describe('forwardSizeProblem', () => {
  it.each([
    ['nothing attached', { originals: [], uploadBytes: 0, whole: true }, null],
    ['files exactly at the limits', { originals: [{ filename: 'a.pdf', size: 20 * MB }], uploadBytes: 5 * MB, whole: false }, null],
    [
      'an original over the per-file limit, one byte over',
      { originals: [{ filename: 'scan.tiff', size: 25 * MB + 1 }], uploadBytes: 0, whole: false },
      'Not forwarded: the forwarded mail carries “scan.tiff” (26,214,401 bytes), larger than 25 MB, the most one attached file may be. Share that file another way.',
    ],
    [
      'two originals over the per-file limit in a whole conversation',
      { originals: [{ filename: 'a.zip', size: 30 * MB }, { filename: null, size: 40 * MB }, { filename: 'ok.txt', size: 10 }], uploadBytes: 0, whole: true },
      'Not forwarded: the forwarded mail carries “a.zip” (30 MB), “attachment” (40 MB), larger than 25 MB, the most one attached file may be. Forward the other messages one by one, or share those files another way.',
    ],
    [
      'a whole conversation over the total',
      { originals: [{ filename: 'a.pdf', size: 15 * MB }, { filename: 'b.pdf', size: 15 * MB }], uploadBytes: 0, whole: true },
      'Not forwarded: the original attachments come to 30 MB; one message may carry 25 MB at most. Forward fewer messages at a time (one message instead of the whole conversation).',
    ],
    [
      'one message whose originals fit, with the person’s files over the total',
      { originals: [{ filename: 'a.pdf', size: 20 * MB }], uploadBytes: 10 * MB, whole: false },
      'Not forwarded: the original attachments (20 MB) and your files (10 MB) come to 30 MB; one message may carry 25 MB at most. Take some of your files out.',
    ],
  ])('%s', (_name, input, expected) => {
    expect(forwardSizeProblem(input, limits)).toBe(expected);
  });
});

describe('readableSize', () => {
  it.each([
    [1, '1 byte'],
    [512, '512 bytes'],
    [70 * 1024, '70 KB'],
    [1536 * 1024, '1.5 MB'],
  ])('%d bytes read as %s', (bytes, text) => {
    expect(readableSize(bytes)).toBe(text);
  });
});
