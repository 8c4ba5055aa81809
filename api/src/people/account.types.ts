/** Shapes of the account API (your password and your sessions), shared with the web app as types. */
export interface AccountSessionDto {
  id: string;
  /** The browser's User-Agent as it sent it; the web app names the browser from it. */
  userAgent: string | null;
  ip: string | null;
  createdAt: string;
  lastSeenAt: string;
  /** The session of this request. */
  current: boolean;
}

export interface SignedOutDto {
  signedOut: number;
}

export interface ResetLinkDto {
  url: string;
  expiresAt: string;
}
