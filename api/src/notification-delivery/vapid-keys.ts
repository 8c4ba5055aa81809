import { createECDH } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** The server's VAPID key pair (RFC 8292), base64url: the public key is the uncompressed P-256 point. */
export interface VapidKeys {
  publicKey: string;
  privateKey: string;
}

const FILE = 'vapid.json';

/**
 * Generated once into the data directory on first start and kept: browsers' subscriptions are bound to
 * the public key, so a new key would silently end every device's push. Several processes starting at
 * once: the first write wins ('wx'), the others read it.
 */
export async function loadVapidKeys(dataDir: string): Promise<VapidKeys> {
  const file = path.join(dataDir, FILE);
  try {
    return parseVapidKeys(await readFile(file, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  const keys: VapidKeys = { publicKey: ecdh.getPublicKey().toString('base64url'), privateKey: fullLength(ecdh.getPrivateKey()).toString('base64url') };
  try {
    await writeFile(file, `${JSON.stringify(keys)}\n`, { mode: 0o600, flag: 'wx' });
    return keys;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return parseVapidKeys(await readFile(file, 'utf8'));
  }
}

function parseVapidKeys(text: string): VapidKeys {
  const keys = JSON.parse(text) as Partial<VapidKeys>;
  if (typeof keys.publicKey !== 'string' || typeof keys.privateKey !== 'string' || Buffer.from(keys.publicKey, 'base64url').length !== 65) {
    throw new Error(`${FILE} in the data directory is not a VAPID key pair; remove it to generate a new one (subscribed devices must then subscribe again).`);
  }
  return { publicKey: keys.publicKey, privateKey: fullLength(Buffer.from(keys.privateKey, 'base64url')).toString('base64url') };
}

/**
 * The private key as the 32 bytes Web Push requires. Node gives it as a number without its leading
 * zero bytes, so one key in 256 came out 31 bytes long and every push with it failed ("Vapid private
 * key should be 32 bytes long"). Padding keeps the same key: devices already subscribed still match.
 */
function fullLength(privateKey: Buffer): Buffer {
  return privateKey.length >= 32 ? privateKey : Buffer.concat([Buffer.alloc(32 - privateKey.length), privateKey]);
}
