import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MailSettingsLookupService } from '../../api/src/mailboxes/mail-settings-lookup.service.js';

const AUTOCONFIG = `<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1">
  <emailProvider id="acme.example">
    <domain>acme.example</domain>
    <incomingServer type="imap"><hostname>mail.acme.example</hostname><port>143</port><socketType>STARTTLS</socketType><username>%EMAILADDRESS%</username></incomingServer>
    <outgoingServer type="smtp"><hostname>mail.acme.example</hostname><port>465</port><socketType>SSL</socketType><username>%EMAILADDRESS%</username></outgoingServer>
  </emailProvider>
</clientConfig>`;

describe('autoconfig lookup over HTTP (a local server standing in for autoconfig.<domain>)', () => {
  let server: Server;
  let base: string;
  const requests: string[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      requests.push(request.url ?? '');
      if (request.url?.startsWith('/mail/config-v1.1.xml')) {
        response.setHeader('content-type', 'application/xml');
        response.end(AUTOCONFIG);
      } else if (request.url === '/moved') {
        response.writeHead(302, { location: 'http://169.254.169.254/' }).end();
      } else {
        response.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('reads the published IMAP and SMTP settings', async () => {
    const lookup = new MailSettingsLookupService();
    expect(await lookup.fromUrl(`${base}/mail/config-v1.1.xml?emailaddress=help%40acme.example`, 'help@acme.example')).toEqual({
      source: 'autoconfig',
      oauthProvider: null,
      imap: { host: 'mail.acme.example', port: 143, tls: false },
      smtp: { host: 'mail.acme.example', port: 465, tls: true },
      user: 'help@acme.example',
    });
    expect(requests.at(-1)).toBe('/mail/config-v1.1.xml?emailaddress=help%40acme.example');
  });

  it('answers "nothing found" for a missing document, a redirect, or no server at all', async () => {
    const lookup = new MailSettingsLookupService();
    expect(await lookup.fromUrl(`${base}/nothing`, 'help@acme.example')).toBeNull();
    expect(await lookup.fromUrl(`${base}/moved`, 'help@acme.example')).toBeNull();
    expect(await lookup.fromUrl('http://127.0.0.1:1/mail/config-v1.1.xml', 'help@acme.example')).toBeNull();
  });
});
