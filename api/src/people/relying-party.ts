import type { Request } from 'express';
import type { Config } from '../config/config.js';
import type { RelyingParty } from './webauthn.js';

/**
 * Who passkeys belong to: PUBLIC_URL's host when it is set, otherwise the host the browser used
 * (the host allow-list has already refused any host that is not ours or loopback).
 */
export function relyingParty(request: Request, config: Config): RelyingParty {
  if (config.publicUrl) {
    const url = new URL(config.publicUrl);
    return { id: url.hostname, origin: url.origin };
  }
  const host = request.get('host') ?? 'localhost';
  const url = new URL(`${request.protocol}://${host}`);
  return { id: url.hostname.replace(/^\[|\]$/g, ''), origin: url.origin };
}
