import { describe, expect, it } from 'vitest';
import { closedFolderMessage, type DirectoryStat, firstFolderClosedTo } from './postgres-user-access.js';

const postgres = { uid: 999, gid: 999 };
const folders = (entries: Record<string, DirectoryStat | undefined>) => (folder: string) => entries[folder] ?? null;
const open = { mode: 0o40755, uid: 0, gid: 0 };

describe('firstFolderClosedTo', () => {
  it.each([
    { name: 'an ordinary path', tree: { '/': open, '/srv': open, '/srv/app': open }, target: '/srv/app/.wholegrain', expected: null },
    { name: 'a mktemp -d folder (0700, root)', tree: { '/': open, '/tmp': { mode: 0o41777, uid: 0, gid: 0 }, '/tmp/tmp.x': { mode: 0o40700, uid: 0, gid: 0 } }, target: '/tmp/tmp.x/.wholegrain', expected: '/tmp/tmp.x' },
    { name: 'a 0711 folder (enter, not list)', tree: { '/': open, '/tmp': open, '/tmp/tmp.x': { mode: 0o40711, uid: 0, gid: 0 } }, target: '/tmp/tmp.x/.wholegrain', expected: null },
    { name: 'a folder owned by postgres', tree: { '/': open, '/var': open, '/var/pg': { mode: 0o40700, uid: 999, gid: 999 } }, target: '/var/pg/data', expected: null },
    { name: 'a folder of the postgres group without group x', tree: { '/': open, '/d': { mode: 0o40701, uid: 0, gid: 999 } }, target: '/d/data', expected: '/d' },
    { name: 'the data folder itself closed', tree: { '/': open, '/srv': open, '/srv/data': { mode: 0o40700, uid: 0, gid: 0 } }, target: '/srv/data', expected: '/srv/data' },
  ])('$name → $expected', ({ tree, target, expected }) => {
    expect(firstFolderClosedTo(target, postgres, folders(tree))).toBe(expected);
  });
});

describe('closedFolderMessage', () => {
  it('says what is wrong and what to do, in one sentence', () => {
    const message = closedFolderMessage('/tmp/tmp.x', 0o40700);
    expect(message).toContain('/tmp/tmp.x (mode 0700)');
    expect(message).toContain('chmod o+x /tmp/tmp.x');
    expect(message.split('. ')).toHaveLength(1);
  });
});
