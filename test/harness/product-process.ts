import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const builtMain = path.join(projectRoot, 'dist/api/src/main.js');

export function assertBuilt(): void {
  if (!existsSync(builtMain) || !existsSync(path.join(projectRoot, 'dist/web/index.html'))) {
    throw new Error('The product is not built: run `npm run build` (npm test does it for you).');
  }
}

export interface ProductProcess {
  child: ChildProcess;
  output: () => string;
  /** Resolves with the exit code (or signal) once the process has ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** The Node flags `npm start` runs the product with (its memory budget; the Dockerfile's CMD has the same), read from package.json. */
export const PRODUCT_NODE_FLAGS: string[] =
  (JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start.match(/--max-[a-z-]+=\d+/g) ?? [];

/**
 * Runs the built product (`node dist/api/src/main.js`, what `npm start` runs) as a child process.
 * `nodeFlags`: PRODUCT_NODE_FLAGS to run it exactly as `npm start` does (benchmarks).
 */
export function runProduct(env: Record<string, string>, nodeFlags: string[] = []): ProductProcess {
  const child = spawn(process.execPath, [...nodeFlags, builtMain], {
    cwd: projectRoot,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root', NO_COLOR: '1', UNDO_SEND_SECONDS: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return { child, output: () => output, exited };
}

export async function waitForOutput(product: ProductProcess, pattern: RegExp, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(product.output())) {
    if (product.child.exitCode !== null || product.child.signalCode !== null) {
      throw new Error(`The product exited before printing ${pattern}:\n${product.output()}`);
    }
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${pattern}:\n${product.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Whether a process still runs; a zombie (exited, not yet reaped by its new parent) does not. */
export function isAlive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}
