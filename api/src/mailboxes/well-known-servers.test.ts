import { describe, expect, it } from 'vitest';
import { autoconfigUrls, builtInSettings, domainOf, parseAutoconfig } from './well-known-servers.js';

describe('builtInSettings', () => {
  it.each([
    ['help@fastmail.com', 'imap.fastmail.com', 'smtp.fastmail.com', null, 'help@fastmail.com'],
    ['Help@iCloud.com', 'imap.mail.me.com', 'smtp.mail.me.com', null, 'Help'],
    ['help@yahoo.com', 'imap.mail.yahoo.com', 'smtp.mail.yahoo.com', null, 'help@yahoo.com'],
    ['help@zoho.com', 'imap.zoho.com', 'smtp.zoho.com', null, 'help@zoho.com'],
    ['help@gmx.de', 'imap.gmx.net', 'mail.gmx.net', null, 'help@gmx.de'],
    ['help@gmail.com', 'imap.gmail.com', 'smtp.gmail.com', 'google', 'help@gmail.com'],
    ['help@outlook.com', 'outlook.office365.com', 'smtp-mail.outlook.com', 'microsoft', 'help@outlook.com'],
  ])('%s → %s / %s', (address, imapHost, smtpHost, oauthProvider, user) => {
    expect(builtInSettings(address)).toMatchObject({ source: 'built-in', imap: { host: imapHost }, smtp: { host: smtpHost }, oauthProvider, user });
  });

  it('knows nothing about a company domain', () => {
    expect(builtInSettings('support@acme.example')).toBeNull();
    expect(domainOf('no-at-sign')).toBeNull();
  });
});

describe('autoconfigUrls', () => {
  it('tries autoconfig.<domain> over https, then http, then the domain\'s .well-known', () => {
    expect(autoconfigUrls('a+b@acme.example')).toEqual([
      'https://autoconfig.acme.example/mail/config-v1.1.xml?emailaddress=a%2Bb%40acme.example',
      'http://autoconfig.acme.example/mail/config-v1.1.xml?emailaddress=a%2Bb%40acme.example',
      'https://acme.example/.well-known/autoconfig/mail/config-v1.1.xml?emailaddress=a%2Bb%40acme.example',
    ]);
  });
});

describe('parseAutoconfig', () => {
  const document = `<?xml version="1.0"?>
<clientConfig version="1.1">
  <emailProvider id="acme.example">
    <incomingServer type="pop3"><hostname>pop.acme.example</hostname><port>995</port><socketType>SSL</socketType></incomingServer>
    <incomingServer type="imap">
      <hostname>imap.acme.example</hostname>
      <port>993</port>
      <socketType>SSL</socketType>
      <username>%EMAILLOCALPART%</username>
    </incomingServer>
    <outgoingServer type="smtp">
      <hostname>smtp.acme.example</hostname>
      <port>587</port>
      <socketType>STARTTLS</socketType>
      <username>%EMAILADDRESS%</username>
    </outgoingServer>
  </emailProvider>
</clientConfig>`;

  it('takes the IMAP and SMTP servers and fills in the user name', () => {
    expect(parseAutoconfig(document, 'help@acme.example')).toEqual({
      source: 'autoconfig',
      oauthProvider: null,
      imap: { host: 'imap.acme.example', port: 993, tls: true },
      smtp: { host: 'smtp.acme.example', port: 587, tls: false },
      user: 'help',
    });
  });

  it('refuses documents without both servers, or with a host that is not a host name', () => {
    expect(parseAutoconfig('<clientConfig/>', 'a@b.example')).toBeNull();
    expect(parseAutoconfig(document.replace('imap.acme.example', 'imap.acme.example/evil?'), 'help@acme.example')).toBeNull();
    expect(parseAutoconfig(document.replace('<port>993</port>', '<port>99999</port>'), 'help@acme.example')).toBeNull();
  });
});
