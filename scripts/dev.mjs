// `npm run dev`: the API recompiles and restarts on change, the web app hot-reloads through Vite,
// which proxies /api to the API. Open http://127.0.0.1:5173. Ctrl-C stops all three.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { root } from './build-state.mjs';

// Run the tools' own entry points with this Node (not through npx), so a signal reaches them directly.
const tsc = path.join(root, 'node_modules/typescript/bin/tsc');
const vite = path.join(root, 'node_modules/vite/bin/vite.js');

const apiPort = process.env.PORT ?? '3000';
// A first compile, so the API has something to run before the watcher's first pass.
const first = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
if (first.status !== 0) process.exit(first.status ?? 1);

const children = [
  spawn(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--watch', '--preserveWatchOutput'], { cwd: root, stdio: 'inherit' }),
  spawn(process.execPath, ['--watch-path=dist/api', '--watch-path=dist/migrations', 'dist/api/src/main.js'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, PORT: apiPort },
  }),
  spawn(process.execPath, [vite, '--config', 'web/vite.config.ts'], { cwd: root, stdio: 'inherit', env: { ...process.env, PORT: apiPort } }),
];

let stopping = false;
function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  Promise.all(children.map((child) => (child.exitCode === null ? new Promise((resolve) => child.once('exit', resolve)) : null))).then(() => process.exit(code));
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
for (const child of children) child.once('exit', (code) => stop(code ?? 0));
