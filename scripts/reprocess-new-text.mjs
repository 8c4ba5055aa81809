// Re-computes the customer's new-words span of every stored message: `npm run reprocess:new-text`.
// Uses DATABASE_URL, or the embedded PostgreSQL under DATA_DIR like `npm start`.
import { isBuildFresh, root } from './build-state.mjs';
import { npmRun } from './run.mjs';

if (!isBuildFresh()) npmRun('build:api');
process.chdir(root);
const { reprocessNewTextCommand } = await import('../dist/api/src/ingest/new-text-run-cli.js');
process.exit(await reprocessNewTextCommand(process.env));
