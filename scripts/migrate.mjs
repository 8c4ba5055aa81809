// Migrations by hand: `npm run migration:run | migration:revert | migration:show`.
// Uses DATABASE_URL, or the embedded PostgreSQL under DATA_DIR like `npm start`.
import { isBuildFresh, root } from './build-state.mjs';
import { npmRun } from './run.mjs';

const command = process.argv[2];
if (!['run', 'revert', 'show'].includes(command)) {
  console.error('Usage: node scripts/migrate.mjs run|revert|show');
  process.exit(2);
}
if (!isBuildFresh()) npmRun('build:api');
process.chdir(root);
const { migrationCommand } = await import('../dist/api/src/database/migration-cli.js');
process.exit(await migrationCommand(command));
