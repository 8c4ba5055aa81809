import 'reflect-metadata';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type LogLevel, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import express, { type NextFunction, type Request, type Response } from 'express';
import { AppModule, type AppModuleOptions } from './app.module.js';
import { answerParserErrors, rejectHostileInput } from './common/reject-hostile-input.js';
import { securityHeaders } from './common/security-headers.js';
import { StartUpLogger } from './common/start-up-logger.js';
import type { Config } from './config/config.js';

const LOG_LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/** The Nest log levels at and above the configured one. */
export function logLevelsFor(config: Config): LogLevel[] {
  return LOG_LEVELS.slice(0, LOG_LEVELS.indexOf(config.logLevel) + 1);
}

// The built web app, from dist/api/src (production) or api/src (tests running the sources).
function findWebDist(config: Config): string | null {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [config.webDistDir, path.resolve(here, '../../web'), path.resolve(here, '../../dist/web')];
  // A built app has assets/; the source folder web/ (reachable from api/src) does not.
  return candidates.find((dir): dir is string => !!dir && existsSync(path.join(dir, 'index.html')) && existsSync(path.join(dir, 'assets'))) ?? null;
}

const isApiPath = (path: string) => path === '/api' || path.startsWith('/api/');

/** Builds the API (and the web app when built) on one Express server; does not listen. */
export async function createApp(options: AppModuleOptions): Promise<NestExpressApplication> {
  const { config } = options;
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(options), {
    logger: new StartUpLogger(logLevelsFor(config)),
    bodyParser: true,
    // Webhook signatures are computed over the exact bytes received.
    rawBody: true,
  });
  app.set('trust proxy', config.trustProxy);
  app.disable('x-powered-by');
  app.use(securityHeaders(config));
  app.useBodyParser('json', { limit: '1mb' });
  app.use(answerParserErrors);
  app.use(rejectHostileInput);
  app.setGlobalPrefix('api');

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Wholegrain API')
      .setDescription(
        'The support inbox API. Sign in with POST /api/session; send the returned csrfToken in the X-CSRF-Token header on every POST, PATCH, PUT and DELETE.',
      )
      .setVersion('0.1.0')
      .addCookieAuth('wg_session')
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs/openapi.json' });

  const webDist = findWebDist(config);
  if (webDist) {
    const index = path.join(webDist, 'index.html');
    app.use('/assets', express.static(path.join(webDist, 'assets'), { immutable: true, maxAge: '1y', fallthrough: false }));
    // Never for the API: serve-static would look for a file named like every API path (a stat
    // through libuv's thread pool on each request, queued behind any other file work).
    const files = express.static(webDist, { index: false });
    app.use((request: Request, response: Response, next: NextFunction) => (isApiPath(request.path) ? next() : files(request, response, next)));
    // Client-side routes: any GET outside /api gets the single-page app.
    app.use((request: Request, response: Response, next: NextFunction) => {
      if (request.method !== 'GET' || isApiPath(request.path)) return next();
      // A missing file (/favicon.ico, /robots.txt) is a 404, not the app's HTML.
      if (/\.[a-z0-9]+$/i.test(request.path)) return next();
      response.setHeader('Cache-Control', 'no-cache');
      response.sendFile(index);
    });
  } else {
    new Logger('Web').warn('The web app is not built (run `npm run build`); serving the API only.');
  }
  return app;
}
