import { ConsoleLogger, type LogLevel } from '@nestjs/common';

/** Nest's own start-up chatter: one line per module, controller and route (about 230 lines). */
const START_UP_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer']);

/**
 * Nest's console logger without the start-up inventory at the default level: an operator reads
 * what the product says (where PostgreSQL runs, migrations, "ready at…", warnings), not a line
 * per route. LOG_LEVEL=debug (or verbose) shows the inventory again.
 */
export class StartUpLogger extends ConsoleLogger {
  private readonly inventory: boolean;

  constructor(levels: LogLevel[]) {
    super();
    this.setLogLevels(levels);
    this.inventory = levels.includes('debug');
  }

  override log(message: unknown, ...rest: unknown[]): void {
    const context = rest.at(-1);
    if (!this.inventory && typeof context === 'string' && START_UP_CONTEXTS.has(context)) return;
    super.log(message, ...(rest as [string]));
  }
}
