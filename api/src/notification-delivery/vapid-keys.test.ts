import { createECDH } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import webpush from 'web-push';
import { afterEach, describe, expect, it } from 'vitest';
import { loadVapidKeys } from './vapid-keys.js';

let dir: string | null = null;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = null;
});

/** A P-256 key pair whose private key starts with a zero byte (Node then gives it as 31 bytes). */
function pairWithLeadingZero(): { publicKey: Buffer; privateKey: Buffer } {
  for (;;) {
    const ecdh = createECDH('prime256v1');
    ecdh.generateKeys();
    const privateKey = ecdh.getPrivateKey();
    if (privateKey.length === 31) return { publicKey: ecdh.getPublicKey(), privateKey };
  }
}

describe('VAPID keys', () => {
  it('gives a stored 31-byte private key (a leading zero dropped) as the same key in 32 bytes, which Web Push accepts', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'wholegrain-vapid-'));
    const pair = pairWithLeadingZero();
    await writeFile(path.join(dir, 'vapid.json'), JSON.stringify({ publicKey: pair.publicKey.toString('base64url'), privateKey: pair.privateKey.toString('base64url') }));
    const keys = await loadVapidKeys(dir);
    const privateKey = Buffer.from(keys.privateKey, 'base64url');
    expect(privateKey).toHaveLength(32);
    expect(privateKey.subarray(1)).toEqual(pair.privateKey);
    expect(() => webpush.getVapidHeaders('https://push.example', 'mailto:ops@wholegrain.test', keys.publicKey, keys.privateKey, 'aes128gcm')).not.toThrow();
    // The same key: the public key derived from it is the stored one.
    const ecdh = createECDH('prime256v1');
    ecdh.setPrivateKey(privateKey);
    expect(ecdh.getPublicKey().toString('base64url')).toBe(keys.publicKey);
  });

  it('writes a new pair with a 32-byte private key, readable by its owner only', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'wholegrain-vapid-'));
    for (let round = 0; round < 20; round += 1) {
      await rm(path.join(dir, 'vapid.json'), { force: true });
      const keys = await loadVapidKeys(dir);
      expect(Buffer.from(keys.privateKey, 'base64url')).toHaveLength(32);
      expect(JSON.parse(await readFile(path.join(dir, 'vapid.json'), 'utf8'))).toEqual(keys);
      expect((await stat(path.join(dir, 'vapid.json'))).mode & 0o777).toBe(0o600);
    }
  });
});
