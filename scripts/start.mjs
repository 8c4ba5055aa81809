// `npm start`: build when the sources changed since the last build, then run the API with the web
// app on one port. The API runs in this very process, so Ctrl-C reaches it directly.
import { isBuildFresh, root } from './build-state.mjs';
import { npmRun } from './run.mjs';

if (!isBuildFresh()) {
  console.log('Building Wholegrain (first start, or the sources changed)…');
  npmRun('build');
}
process.chdir(root);
await import('../dist/api/src/main.js');
