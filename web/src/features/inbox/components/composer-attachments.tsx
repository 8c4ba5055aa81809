import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { formatBytes } from '../../../lib/format';
import { removeUpload, uploadForReply, uploadLimitsQuery, type UploadedFile } from '../api/conversations';

/** A file in the composer: uploading, uploaded (with its id), or refused (with why). */
export interface ComposerFile {
  key: string;
  name: string;
  size: number;
  state: 'uploading' | 'ready' | 'failed';
  id?: string;
  error?: string;
}

const filesKey = (conversationId: string) => `wholegrain.draft.${conversationId}.files`;

function readFiles(conversationId: string): ComposerFile[] {
  try {
    const stored = JSON.parse(window.localStorage.getItem(filesKey(conversationId)) ?? '[]') as ComposerFile[];
    return Array.isArray(stored) ? stored.filter((file) => file.state === 'ready' && file.id) : [];
  } catch {
    return [];
  }
}

function writeFiles(conversationId: string, files: ComposerFile[]): void {
  try {
    const ready = files.filter((file) => file.state === 'ready');
    if (ready.length) window.localStorage.setItem(filesKey(conversationId), JSON.stringify(ready));
    else window.localStorage.removeItem(filesKey(conversationId));
  } catch {
    // Private mode: the list lives as long as the page.
  }
}

const MB = 1024 * 1024;
const megabytes = (bytes: number) => `${Number((bytes / MB).toFixed(1))} MB`;

/**
 * The reply's files: picked, dropped or pasted, uploaded at once (so sending is quick), checked
 * against the per-file and per-reply limits before a byte leaves the browser. Kept with the draft.
 */
export function useComposerAttachments(conversationId: string) {
  const limits = useQuery(uploadLimitsQuery).data ?? { fileBytes: 25 * MB, totalBytes: 25 * MB };
  const [files, setFiles] = useState<ComposerFile[]>(() => readFiles(conversationId));
  const counter = useRef(0);

  useEffect(() => writeFiles(conversationId, files), [conversationId, files]);

  function patch(key: string, change: Partial<ComposerFile>) {
    setFiles((list) => list.map((file) => (file.key === key ? { ...file, ...change } : file)));
  }

  function add(picked: File[], pasted = false) {
    let total = files.filter((file) => file.state !== 'failed').reduce((sum, file) => sum + file.size, 0);
    const added: ComposerFile[] = [];
    for (const file of picked) {
      counter.current += 1;
      const name = pasted || !file.name ? `pasted-image-${counter.current}.${(file.type.split('/')[1] ?? 'png').replace(/[^a-z0-9]/gi, '')}` : file.name;
      const entry: ComposerFile = { key: `${Date.now()}-${counter.current}`, name, size: file.size, state: 'uploading' };
      if (file.size > limits.fileBytes) {
        added.push({ ...entry, state: 'failed', error: `Larger than ${megabytes(limits.fileBytes)}, the most one file may be.` });
        continue;
      }
      if (total + file.size > limits.totalBytes) {
        added.push({ ...entry, state: 'failed', error: `Over the ${megabytes(limits.totalBytes)} one reply may carry.` });
        continue;
      }
      if (file.size === 0) {
        added.push({ ...entry, state: 'failed', error: 'The file is empty.' });
        continue;
      }
      total += file.size;
      added.push(entry);
      uploadForReply(file, name).then(
        (uploaded: UploadedFile) => patch(entry.key, { state: 'ready', id: uploaded.id, name: uploaded.filename }),
        (error: unknown) => patch(entry.key, { state: 'failed', error: error instanceof Error ? error.message : 'The upload failed.' }),
      );
    }
    setFiles((list) => [...list, ...added]);
  }

  function remove(key: string) {
    const file = files.find((candidate) => candidate.key === key);
    if (file?.id) void removeUpload(file.id).catch(() => undefined);
    setFiles((list) => list.filter((candidate) => candidate.key !== key));
  }

  return {
    files,
    add,
    remove,
    /** After the reply was stored: its files went with it (forgotten at once: a dialog closing now never saves the list again). */
    clear: () => {
      writeFiles(conversationId, []);
      setFiles([]);
    },
    /** Files already uploaded (a reply taken back with Undo): back in the list as they were (once each). */
    restore: (uploaded: UploadedFile[]) =>
      setFiles((list) => [
        ...list,
        ...uploaded
          .filter((file) => !list.some((entry) => entry.id === file.id))
          .map((file): ComposerFile => ({ key: `restored-${file.id}`, name: file.filename, size: file.size, state: 'ready', id: file.id })),
      ]),
    /** The uploaded files' ids, sent with the reply in this order. */
    readyIds: files.filter((file) => file.state === 'ready').map((file) => file.id!),
    uploading: files.some((file) => file.state === 'uploading'),
    limits,
  };
}

export type ComposerAttachments = ReturnType<typeof useComposerAttachments>;

/** The list under the text: each file with its size, state and a way to take it out. */
export function AttachmentList({ attachments }: { attachments: ComposerAttachments }) {
  if (attachments.files.length === 0) return null;
  return (
    <ul className="composer-files" aria-label="Files to send">
      {attachments.files.map((file) => (
        <li key={file.key} className={`composer-file is-${file.state}`} data-testid="composer-file">
          <span className="composer-file-name">{file.name}</span>
          <span className="muted small">
            {formatBytes(file.size)}
            {file.state === 'uploading' ? ' · uploading…' : null}
          </span>
          <button type="button" className="button button-small button-quiet" aria-label={`Remove ${file.name}`} onClick={() => attachments.remove(file.key)}>
            ×
          </button>
          {file.error ? (
            <span className="composer-file-error small" role="alert">
              {file.error}
            </span>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
