import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFile, chmod, chown, mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../../api/src/database/embedded-postgres.js';

const execFileAsync = promisify(execFile);
const DOVECOT = process.env.DOVECOT_PATH ?? '/usr/sbin/dovecot';
const DOVEADM = process.env.DOVEADM_PATH ?? '/usr/bin/doveadm';
export const SHARED_PASSWORD = 'imap-secret';

export interface Dovecot {
  host: string;
  port: number;
  /** IMAPS port (TLS with a self-signed certificate) when started with { tls: true }, else null. */
  tlsPort: number | null;
  /** Adds an IMAP account; every account's password is SHARED_PASSWORD. */
  addUser(user: string, password: string): Promise<void>;
  /** Delivers raw messages into a folder's maildir `new/` (fast seeding; Dovecot assigns UIDs on the next look). */
  deliver(user: string, messages: (Buffer | string)[], options?: { folder?: string; seen?: boolean }): Promise<void>;
  /** Forces a new UIDVALIDITY on a folder, as a server migration or restore would. */
  changeUidValidity(user: string, folder: string, value: number): Promise<void>;
  doveadm(args: string[]): Promise<string>;
  stop(): Promise<void>;
}

/**
 * A real Dovecot IMAP server from Debian's dovecot-imapd, with a throwaway configuration in a temp
 * directory: passwd-file accounts, maildir storage, plaintext login on 127.0.0.1.
 */
export async function startDovecot(options: { tls?: boolean; oauth2?: { introspectionUrl: string } } = {}): Promise<Dovecot> {
  const directory = await mkdtemp(path.join(os.tmpdir(), 'wholegrain-dovecot-'));
  await chmod(directory, 0o755);
  const port = await freePort();
  const tlsPort = options.tls ? await freePort() : null;
  let sslSettings = 'ssl = no';
  if (tlsPort) {
    // A self-signed certificate, as a small company's own mail server might have.
    const cert = path.join(directory, 'cert.pem');
    const key = path.join(directory, 'key.pem');
    await execFileAsync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=127.0.0.1']);
    sslSettings = `ssl = yes\nssl_cert = <${cert}\nssl_key = <${key}`;
  }
  const usersFile = path.join(directory, 'users');
  const mailRoot = path.join(directory, 'mail');
  await mkdir(mailRoot, { recursive: true });
  await writeFile(usersFile, '');
  const { uid, gid } = await nobody();
  await chown(mailRoot, uid, gid);
  // OAuth 2.0: XOAUTH2/OAUTHBEARER tokens checked by Dovecot's oauth2 passdb against the
  // authorization server's introspection endpoint; the token's `email` must be the login name.
  let passdb = `passdb {\n  driver = static\n  args = password=${SHARED_PASSWORD}\n}`;
  let mechanisms = 'plain login';
  if (options.oauth2) {
    const oauthConfig = path.join(directory, 'oauth2.conf');
    await writeFile(
      oauthConfig,
      `introspection_mode = post\nintrospection_url = ${options.oauth2.introspectionUrl}\nusername_attribute = email\nactive_attribute = active\nactive_value = true\n`,
    );
    passdb = `passdb {\n  driver = oauth2\n  mechanisms = xoauth2 oauthbearer\n  args = ${oauthConfig}\n}\n${passdb}`;
    mechanisms = 'plain login xoauth2 oauthbearer';
  }
  const config = path.join(directory, 'dovecot.conf');
  await writeFile(
    config,
    `
listen = 127.0.0.1
base_dir = ${directory}/run
state_dir = ${directory}/state
log_path = ${directory}/dovecot.log
info_log_path = ${directory}/dovecot.log
${sslSettings}
disable_plaintext_auth = no
auth_mechanisms = ${mechanisms}
protocols = imap
mail_location = maildir:${mailRoot}/%u
mail_fsync = never
mailbox_idle_check_interval = 1 secs
maildir_very_dirty_syncs = no
first_valid_uid = 0
${passdb}
userdb {
  driver = static
  args = uid=${uid} gid=${gid} home=${mailRoot}/%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = ${tlsPort ?? 0}
  }
}
service anvil {
  chroot =
}
service imap-login {
  chroot =
}
protocol imap {
  mail_max_userip_connections = 200
}
`,
  );
  const child: ChildProcess = spawn(DOVECOT, ['-F', '-c', config], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await waitForPort(port, child, () => output, path.join(directory, 'dovecot.log'));

  let sequence = 0;
  const doveadm = async (args: string[]) => (await execFileAsync(DOVEADM, ['-c', config, ...args])).stdout;

  return {
    host: '127.0.0.1',
    port,
    tlsPort,
    addUser: async (user, password) => {
      // Every account shares one password (a static passdb: Dovecot re-reads a passwd-file at most
      // once a second, too slow for tests that add accounts as they go); a wrong one is refused.
      if (password !== SHARED_PASSWORD) throw new Error(`Test IMAP accounts use the password "${SHARED_PASSWORD}"`);
      await appendFile(usersFile, `${user}\n`);
    },
    deliver: async (user, messages, { folder = 'INBOX', seen = false } = {}) => {
      const maildir = folder === 'INBOX' ? path.join(mailRoot, user) : path.join(mailRoot, user, `.${folder}`);
      for (const sub of ['tmp', 'new', 'cur']) await mkdir(path.join(maildir, sub), { recursive: true });
      await execFileAsync('chown', ['-R', `${uid}:${gid}`, path.join(mailRoot, user)]);
      for (const message of messages) {
        // Names sort in delivery order, so UIDs follow the order the test gave.
        const name = `${Date.now()}.M${String(sequence++).padStart(9, '0')}R${randomBytes(4).toString('hex')}.wholegrain-test`;
        const temporary = path.join(maildir, 'tmp', name);
        await writeFile(temporary, message);
        await chown(temporary, uid, gid);
        // A message another client has read already sits in cur/ with the S (seen) flag.
        await rename(temporary, seen ? path.join(maildir, 'cur', `${name}:2,S`) : path.join(maildir, 'new', name));
      }
    },
    changeUidValidity: async (user, folder, value) => {
      await doveadm(['mailbox', 'update', '-u', user, '--uid-validity', String(value), folder]);
    },
    doveadm,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      await rm(directory, { recursive: true, force: true });
    },
  };
}

async function nobody(): Promise<{ uid: number; gid: number }> {
  const uid = Number.parseInt((await execFileAsync('id', ['-u', 'nobody'])).stdout, 10);
  const gid = Number.parseInt((await execFileAsync('id', ['-g', 'nobody'])).stdout, 10);
  return { uid, gid };
}

async function waitForPort(port: number, child: ChildProcess, output: () => string, logFile: string): Promise<void> {
  const net = await import('node:net');
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) {
      const log = await import('node:fs/promises').then((fs) => fs.readFile(logFile, 'utf8').catch(() => ''));
      throw new Error(`Dovecot exited: ${output()}\n${log}`);
    }
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.end();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`Dovecot did not listen on ${port}: ${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
