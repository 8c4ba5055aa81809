// `npm test`: make sure the system packages the tests drive are here, typecheck, lint, build (the
// boot and browser tests run the built product), run the whole suite, end with a plain summary line.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isBuildFresh, root } from './build-state.mjs';
import { npmRun } from './run.mjs';

// Debian packages the integration and browser tests need: the binary each one provides.
const SYSTEM_PACKAGES = {
  chromium: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  'dovecot-imapd': process.env.DOVECOT_PATH ?? '/usr/sbin/dovecot',
  openssl: '/usr/bin/openssl',
};

const missing = Object.entries(SYSTEM_PACKAGES).filter(([, binary]) => !existsSync(binary)).map(([name]) => name);
if (missing.length > 0) {
  const canInstall = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
  if (!canInstall) {
    console.error(`The tests need these Debian packages: ${missing.join(', ')}. Install them (sudo apt-get install -y ${missing.join(' ')}) and run npm test again.`);
    process.exit(1);
  }
  console.log(`Installing ${missing.join(', ')} with apt-get…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update', '-qq'], ['install', '-y', '-qq', '--no-install-recommends', ...missing]]) {
    if (spawnSync('apt-get', args, { stdio: 'inherit', env }).status !== 0) process.exit(1);
  }
}

// Types and lint first: they fail in seconds where the suite takes minutes.
npmRun('typecheck');
npmRun('lint');
if (!isBuildFresh()) npmRun('build');

const reportDir = mkdtempSync(path.join(os.tmpdir(), 'wholegrain-test-report-'));
const report = path.join(reportDir, 'results.json');
const result = spawnSync('npx', ['vitest', 'run', '--project', 'unit', '--project', 'integration', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, TZ: 'UTC' },
});
if (existsSync(report)) {
  const { numPassedTests, numFailedTests, numPendingTests, numTodoTests } = JSON.parse(readFileSync(report, 'utf8'));
  const skipped = numPendingTests + numTodoTests;
  console.log(`\ntests: ${numPassedTests} passed, ${numFailedTests} failed${skipped ? `, ${skipped} skipped` : ''}`);
}
rmSync(reportDir, { recursive: true, force: true });
process.exit(result.status ?? 1);
