import { lookup } from 'node:dns/promises';
import { Inject, Injectable } from '@nestjs/common';
import { AppError } from '../common/app-error.js';
import { Clock } from '../common/clock.js';
import { CONFIG, type Config } from '../config/config.js';
import type { SmtpSettings } from '../mail/smtp-transport.js';
import { checkConnections } from './connection-check.js';
import { isLocalAddress, MIN_ANSWER_MS } from './connection-test-policy.js';
import { ConnectionTestRepository } from './connection-test.repository.js';
import type { ImapSettings } from '../mail/imap-session.js';
import type { ConnectionCheckResultDto } from './mailboxes.types.js';

/** "Test connection" with its guards: rate limit per admin, the product's own database refused, a fixed minimum answer time. */
@Injectable()
export class ConnectionTestService {
  constructor(
    private readonly tests: ConnectionTestRepository,
    private readonly clock: Clock,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  async check(personId: string, imap: ImapSettings, smtp: SmtpSettings, folders: string[]): Promise<ConnectionCheckResultDto> {
    const wait = await this.tests.claim(personId, this.clock.now());
    if (wait !== null) throw new AppError('rate_limited', `Too many connection tests. Try again in ${wait < 60 ? `${wait} seconds` : `${Math.ceil(wait / 60)} minutes`}.`, undefined, wait);
    const started = Date.now();
    try {
      const protectedPorts = [this.config.embeddedPostgresPort, this.tests.databasePort()].filter((port): port is number => port !== null);
      for (const [protocol, server] of [['IMAP', imap], ['SMTP', smtp]] as const) {
        if (protectedPorts.includes(server.port) && (await this.isThisMachine(server.host))) {
          throw new AppError('validation_failed', `${server.host}:${server.port} is this product's own database, not a mail server.`, { [`${protocol.toLowerCase()}.port`]: ['This is Wholegrain’s own database port'] });
        }
      }
      return await checkConnections(imap, smtp, folders);
    } finally {
      const left = MIN_ANSWER_MS - (Date.now() - started);
      if (left > 0) await new Promise((resolve) => setTimeout(resolve, left));
    }
  }

  private async isThisMachine(host: string): Promise<boolean> {
    try {
      return (await lookup(host, { all: true })).some((entry) => isLocalAddress(entry.address));
    } catch {
      return false;
    }
  }
}
