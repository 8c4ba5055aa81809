/** Shapes of the two-factor sign-in API, shared with the web app as types. */
export type SecondFactorMethod = 'totp' | 'passkey' | 'recovery';

export interface SecondFactorOverviewDto {
  /** An authenticator app is set up (confirmed with a code). */
  totp: boolean;
  passkeys: { id: string; name: string; createdAt: string; lastUsedAt: string | null }[];
  /** Unused recovery codes left. */
  recoveryCodesLeft: number;
  /** The admins require a second factor from everyone. */
  required: boolean;
}

export interface TotpEnrolmentDto {
  /** The seed, base32, for typing into an app that cannot scan. */
  secret: string;
  /** The otpauth:// URI the QR code holds. */
  uri: string;
  /** The QR code as an SVG data: URL. */
  qrDataUrl: string;
}

export interface RecoveryCodesDto {
  /** Shown once; only a keyed hash of each is kept. Null when earlier codes are still unused. */
  recoveryCodes: string[] | null;
}

/** POST /api/session when the password was right and a second step is needed. */
export interface SecondStepDto {
  secondFactorRequired: true;
  methods: SecondFactorMethod[];
}

export interface SignInPolicyDto {
  requireSecondFactor: boolean;
  /** Admins only: who has a second factor, and which. */
  enrolled?: Record<string, ('totp' | 'passkey')[]>;
}
