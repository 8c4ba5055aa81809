// `npm test`: build (the boot and browser tests run the built product), then the whole suite.
import { spawnSync } from 'node:child_process';
import { isBuildFresh, root } from './build-state.mjs';
import { npmRun } from './run.mjs';

if (!isBuildFresh()) npmRun('build');
const result = spawnSync('npx', ['vitest', 'run', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit', env: { ...process.env, TZ: 'UTC' } });
process.exit(result.status ?? 1);
