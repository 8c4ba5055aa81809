import {
  type AuthenticationResponseJSON,
  type AuthenticatorTransportFuture,
  generateAuthenticationOptions,
  generateRegistrationOptions,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';

/**
 * The one file that speaks WebAuthn (through @simplewebauthn/server): passkey registration and
 * sign-in options, and checking what the browser's authenticator answered.
 */
export interface RelyingParty {
  /** The host name passkeys are bound to (PUBLIC_URL's, or the one the browser used). */
  id: string;
  /** The origin the browser must report, e.g. https://support.example.com. */
  origin: string;
}

export interface StoredPasskey {
  credentialId: string;
  publicKey: Buffer;
  counter: number;
  transports: string[];
}

export type PasskeyRegistrationOptions = PublicKeyCredentialCreationOptionsJSON;
export type PasskeySignInOptions = PublicKeyCredentialRequestOptionsJSON;

export function registrationOptions(
  rp: RelyingParty,
  person: { id: string; email: string; name: string },
  challenge: string,
  existing: StoredPasskey[],
): Promise<PasskeyRegistrationOptions> {
  return generateRegistrationOptions({
    rpName: 'Wholegrain',
    rpID: rp.id,
    userName: person.email,
    userDisplayName: person.name,
    userID: new TextEncoder().encode(person.id),
    challenge,
    attestationType: 'none',
    excludeCredentials: existing.map((passkey) => ({ id: passkey.credentialId, transports: passkey.transports as AuthenticatorTransportFuture[] })),
    authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
  });
}

/** The new passkey, or null when the answer does not hold (wrong challenge, origin or signature). */
export async function checkRegistration(rp: RelyingParty, response: unknown, challengeOk: (challenge: string) => boolean): Promise<StoredPasskey | null> {
  try {
    const result = await verifyRegistrationResponse({
      response: response as RegistrationResponseJSON,
      expectedChallenge: challengeOk,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      requireUserVerification: false,
    });
    if (!result.verified) return null;
    const { credential } = result.registrationInfo;
    return { credentialId: credential.id, publicKey: Buffer.from(credential.publicKey), counter: credential.counter, transports: credential.transports ?? [] };
  } catch {
    return null;
  }
}

export function signInOptions(rp: RelyingParty, challenge: string, passkeys: StoredPasskey[]): Promise<PasskeySignInOptions> {
  return generateAuthenticationOptions({
    rpID: rp.id,
    challenge,
    allowCredentials: passkeys.map((passkey) => ({ id: passkey.credentialId, transports: passkey.transports as AuthenticatorTransportFuture[] })),
    userVerification: 'preferred',
  });
}

/** The credential id a browser's sign-in answer names, to find the stored passkey. */
export function answeredCredentialId(response: unknown): string | null {
  const id = (response as { id?: unknown } | null)?.id;
  return typeof id === 'string' && id.length > 0 && id.length <= 1024 ? id : null;
}

/** The passkey's new signature counter, or null when the answer does not hold. */
export async function checkSignIn(rp: RelyingParty, response: unknown, expectedChallenge: string, passkey: StoredPasskey): Promise<number | null> {
  try {
    const result = await verifyAuthenticationResponse({
      response: response as AuthenticationResponseJSON,
      expectedChallenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      credential: { id: passkey.credentialId, publicKey: new Uint8Array(passkey.publicKey), counter: passkey.counter, transports: passkey.transports as AuthenticatorTransportFuture[] },
      requireUserVerification: false,
    });
    return result.verified ? result.authenticationInfo.newCounter : null;
  } catch {
    return null;
  }
}
