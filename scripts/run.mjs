import { spawnSync } from 'node:child_process';
import { root } from './build-state.mjs';

/** Runs an npm script in the foreground and stops this process if it fails. */
export function npmRun(script, extraArgs = []) {
  const result = spawnSync('npm', ['run', '--silent', script, ...(extraArgs.length ? ['--', ...extraArgs] : [])], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
