import { Injectable, Logger } from '@nestjs/common';

/** Loads what the first page after signing in shows, for the person just signed in; `ask` says which (the page's own words). */
export type SignInPreloader = (personId: string, ask: string) => Promise<Record<string, unknown>>;

/**
 * What the first page after signing in needs, answered with the sign-in itself: one round trip
 * instead of two before that page can be drawn. The people layer knows nothing of what the pages
 * show, so a feature above provides the loader (the inbox: its conversation list and view counts).
 * A loader that fails costs nothing but the shortcut: the sign-in succeeds and the page asks itself.
 */
@Injectable()
export class SignInPreload {
  private readonly logger = new Logger(SignInPreload.name);
  private loader: SignInPreloader | null = null;

  provide(loader: SignInPreloader): void {
    this.loader = loader;
  }

  async load(personId: string, ask: string): Promise<Record<string, unknown> | undefined> {
    if (!this.loader) return undefined;
    try {
      return await this.loader(personId, ask);
    } catch (error) {
      this.logger.debug(`Nothing preloaded with the sign-in: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  }
}
