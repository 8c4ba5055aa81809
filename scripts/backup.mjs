// `npm run backup [FILE]` and `npm run restore FILE`: DATABASE_URL or the embedded PostgreSQL under
// DATA_DIR, like `npm start`. FILE "-" is standard output/input (use `npm run --silent`).
import { spawnSync } from 'node:child_process';
import { isBuildFresh, root } from './build-state.mjs';

const [command, ...args] = process.argv.slice(2);
if (!['backup', 'restore'].includes(command)) {
  console.error('Usage: node scripts/backup.mjs backup [FILE] | restore FILE');
  process.exit(2);
}
// Build output goes to stderr: standard output may be the backup itself.
if (!isBuildFresh() && spawnSync('npm', ['run', '--silent', 'build:api'], { cwd: root, stdio: ['ignore', 2, 2] }).status !== 0) process.exit(1);
process.chdir(root);
const { backupCommand, restoreCommand } = await import('../dist/api/src/database/backup-cli.js');
process.exit(await (command === 'backup' ? backupCommand(args, process.env) : restoreCommand(args, process.env)));
