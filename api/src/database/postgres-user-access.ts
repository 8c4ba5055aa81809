import path from 'node:path';

export interface DirectoryStat {
  mode: number;
  uid: number;
  gid: number;
}

/**
 * As root, PostgreSQL runs as the system user postgres, which must be able to enter (execute
 * permission on) every folder above its data and its binaries. Returns the first existing folder
 * on the way to `target` it cannot enter, or null. A private folder from `mktemp -d` (0700, owned
 * by root) is the usual one.
 */
export function firstFolderClosedTo(target: string, user: { uid: number; gid: number }, stat: (folder: string) => DirectoryStat | null): string | null {
  const folders: string[] = [];
  for (let folder = path.resolve(target); ; folder = path.dirname(folder)) {
    folders.unshift(folder);
    if (path.dirname(folder) === folder) break;
  }
  for (const folder of folders) {
    const info = stat(folder);
    if (!info) return null; // Not created yet: we create it, with the right owner or mode.
    const bit = info.uid === user.uid ? 0o100 : info.gid === user.gid ? 0o010 : 0o001;
    if ((info.mode & bit) === 0) return folder;
  }
  return null;
}

/** The one sentence the product stops with when that happens. */
export function closedFolderMessage(folder: string, mode: number): string {
  return (
    `PostgreSQL runs as the system user "postgres" when Wholegrain starts as root, and that user cannot enter ${folder} ` +
    `(mode ${(mode & 0o777).toString(8).padStart(4, '0')}): allow it with \`chmod o+x ${folder}\`, set DATA_DIR to a folder outside it, or set DATABASE_URL to your own PostgreSQL.`
  );
}
