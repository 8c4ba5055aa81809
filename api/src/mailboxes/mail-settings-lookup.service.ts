import { Injectable, Logger } from '@nestjs/common';
import { autoconfigUrls, builtInSettings, type MailSettingsGuess, parseAutoconfig } from './well-known-servers.js';

const TIMEOUT_MS = 5_000;
const MAX_BYTES = 64 * 1024;

/** "Other" providers: well-known settings by the address's domain, from the built-in table or autoconfig. */
@Injectable()
export class MailSettingsLookupService {
  private readonly logger = new Logger(MailSettingsLookupService.name);

  async lookup(address: string): Promise<MailSettingsGuess | null> {
    const builtIn = builtInSettings(address);
    if (builtIn) return builtIn;
    for (const url of autoconfigUrls(address)) {
      const found = await this.fromUrl(url, address);
      if (found) return found;
    }
    return null;
  }

  /** One autoconfig document, or null when it cannot be fetched or read. */
  async fromUrl(url: string, address: string): Promise<MailSettingsGuess | null> {
    try {
      const response = await fetch(url, { redirect: 'error', signal: AbortSignal.timeout(TIMEOUT_MS), headers: { accept: 'application/xml, text/xml' } });
      if (!response.ok) return null;
      const text = await response.text();
      return text.length > MAX_BYTES ? null : parseAutoconfig(text, address);
    } catch (error) {
      this.logger.debug(`No autoconfig at ${new URL(url).host}: ${error instanceof Error ? error.message : String(error)}`);
      return null;
    }
  }
}
