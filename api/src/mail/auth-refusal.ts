/**
 * What a server's refusal to sign in means, in words an admin can act on. The server's own text is
 * only matched here (and logged by the caller); it never reaches the screen.
 */
export type AuthRefusal =
  | 'basic_auth_disabled'
  | 'app_password_required'
  | 'web_login_required'
  | 'imap_disabled'
  | 'smtp_auth_disabled'
  | 'oauth_token_rejected'
  | 'wrong_credentials';

const PATTERNS: { refusal: AuthRefusal; pattern: RegExp }[] = [
  // Microsoft 365 / Outlook.com after basic authentication was switched off.
  { refusal: 'smtp_auth_disabled', pattern: /SmtpClientAuthentication is disabled/i },
  { refusal: 'basic_auth_disabled', pattern: /basic auth(entication)? is (disabled|blocked)|BasicAuthBlocked/i },
  // Google with 2-step verification, or an account that must sign in through a browser first.
  { refusal: 'app_password_required', pattern: /application-specific password required/i },
  { refusal: 'web_login_required', pattern: /web login required|log ?in via your web browser|WEBALERT/i },
  // Gmail with IMAP off; Exchange Online with IMAP disabled for the mailbox.
  { refusal: 'imap_disabled', pattern: /not enabled for IMAP|IMAP (access )?(is )?disabled|authenticated but not connected/i },
  { refusal: 'oauth_token_rejected', pattern: /invalid[_ ]token|"status":"4\d\d"|AUTHENTICATE failed/i },
];

export function classifyAuthRefusal(serverText: string): AuthRefusal {
  return PATTERNS.find(({ pattern }) => pattern.test(serverText))?.refusal ?? 'wrong_credentials';
}

export function explainAuthRefusal(refusal: AuthRefusal, protocol: 'IMAP' | 'SMTP', where: string, usesOAuth: boolean): string {
  switch (refusal) {
    case 'basic_auth_disabled':
      return `The ${protocol} server at ${where} does not accept passwords (basic authentication is disabled by the provider). This provider needs OAuth: connect the mailbox again and choose Microsoft (or Google).`;
    case 'app_password_required':
      return `The ${protocol} server at ${where} refuses the account password (the account uses 2-step verification). This provider needs OAuth: connect the mailbox again and choose Google, or use an app password if your admin allows them.`;
    case 'web_login_required':
      return `The provider at ${where} wants this account to sign in through a web browser first. This provider needs OAuth: connect the mailbox again and choose Google (or Microsoft).`;
    case 'imap_disabled':
      return `The account signed in, but IMAP is not enabled for it at ${where}. Turn IMAP on for this mailbox (Gmail: Settings → Forwarding and POP/IMAP; Microsoft 365: the user's Email apps in the admin center), then reconnect.`;
    case 'smtp_auth_disabled':
      return `The SMTP server at ${where} has SMTP AUTH turned off for your tenant or this mailbox. A Microsoft 365 admin can enable "Authenticated SMTP" for the mailbox (admin center → user → Mail → Email apps), then test again.`;
    case 'oauth_token_rejected':
      return `The ${protocol} server at ${where} did not accept the sign-in token. Reconnect the mailbox (its consent may have been revoked, or the app registration lacks the mail permissions).`;
    case 'wrong_credentials':
      return usesOAuth
        ? `The ${protocol} server at ${where} refused the sign-in. Reconnect the mailbox (consent may have been revoked).`
        : `The ${protocol} server at ${where} refused the user name or password.`;
  }
}
