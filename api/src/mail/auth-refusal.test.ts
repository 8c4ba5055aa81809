import { describe, expect, it } from 'vitest';
import { classifyAuthRefusal, explainAuthRefusal } from './auth-refusal.js';

describe('classifyAuthRefusal', () => {
  it.each([
    ['NO Basic authentication is disabled', 'basic_auth_disabled'],
    ['535 5.7.139 Authentication unsuccessful, basic authentication is disabled. [AM0PR…]', 'basic_auth_disabled'],
    ['535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant.', 'smtp_auth_disabled'],
    ['NO [ALERT] Application-specific password required: https://support.google.com/accounts/answer/185833 (Failure)', 'app_password_required'],
    ['534-5.7.9 Application-specific password required.', 'app_password_required'],
    ['NO [WEBALERT https://accounts.google.com/signin/continue?…] Web login required.', 'web_login_required'],
    ['534-5.7.14 Please log in via your web browser and then try again.', 'web_login_required'],
    ['NO [ALERT] Your account is not enabled for IMAP use. Please visit your Gmail settings page and enable your account for IMAP access.', 'imap_disabled'],
    ['NO User is authenticated but not connected.', 'imap_disabled'],
    ['NO AUTHENTICATE failed.', 'oauth_token_rejected'],
    ['NO [AUTHENTICATIONFAILED] Authentication failed.', 'wrong_credentials'],
    ['', 'wrong_credentials'],
  ] as const)('%s → %s', (text, refusal) => {
    expect(classifyAuthRefusal(text)).toBe(refusal);
  });
});

describe('explainAuthRefusal', () => {
  it('tells the admin to choose OAuth when the provider refuses passwords, without quoting the server', () => {
    const message = explainAuthRefusal('basic_auth_disabled', 'IMAP', 'outlook.office365.com:993', false);
    expect(message).toMatch(/This provider needs OAuth: connect the mailbox again and choose Microsoft/);
    expect(message).not.toMatch(/Basic authentication is disabled/);
  });

  it('asks for a reconnect, not a password, when an OAuth mailbox is refused', () => {
    expect(explainAuthRefusal('wrong_credentials', 'SMTP', 'smtp.gmail.com:465', true)).toMatch(/Reconnect the mailbox/);
    expect(explainAuthRefusal('wrong_credentials', 'SMTP', 'smtp.example.com:465', false)).toMatch(/refused the user name or password/);
  });
});
