import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import type { IncomingMessage, Server as HttpServer } from 'node:http';
import { relative } from 'node:path';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AdminAccountsService } from './admin/admin-accounts.service';
import { dashboardDir, serveDashboard } from './admin/dashboard-static';
import { setupAdminOpenApi } from './admin/openapi/openapi';
import { protectAdminPages } from './admin/security-headers';
import { AppModule } from './app.module';
import { ConfigError, loadConfig, type AppConfig } from './config/config';
import { openDatabase, type Database } from './database/database.provider';
import { createValidationPipe } from './http/validation.pipe';
import { KeysService } from './keys/keys.service';
import { RoutedWsAdapter } from './sockets/routed-ws-adapter';
import { AppLogger, createLogger, loggingParams } from './observability/logger';
import { SERVER_VERSION } from './observability/version';
import { certificateNames, ensureLocalAuthority, type TlsMaterial } from './tls/local-authority';
import { serveTlsBesideHttp } from './tls/tls-beside-http';

async function main(): Promise<void> {
  const startedAt = performance.now();
  const config = loadConfigOrExit();
  const logging = loggingParams(createLogger(config.logLevel, config.logFormat));
  const logger = new AppLogger(logging);
  Logger.overrideLogger(logger);

  let tls: TlsMaterial | null;
  try {
    tls = await loadTls(config);
  } catch (error) {
    fail(`cannot set up TLS: ${(error as Error).message}`);
  }

  let database: Database;
  try {
    database = await openDatabase(config);
  } catch (error) {
    fail(`cannot open the database: ${(error as Error).message}`);
  }

  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, database, logging), {
    logger,
    // The data-plane API reads its raw bodies itself (text, JSON text, bytes); JSON parsing is for the admin API.
    bodyParser: false,
  });
  if (tls) serveTlsBesideHttp(app.getHttpServer() as HttpServer, tls);
  app.disable('x-powered-by');
  app.useBodyParser('json', { limit: '1mb', type: (request: IncomingMessage) => isJson(request) && !request.url?.startsWith('/api/') });
  app.useGlobalPipes(createValidationPipe());
  app.useWebSocketAdapter(new RoutedWsAdapter(app));
  protectAdminPages(app);
  setupAdminOpenApi(app);
  serveDashboard(app, dashboardDir());

  try {
    await app.listen(config.port, config.host);
  } catch (error) {
    await app.close();
    fail(`cannot listen on ${config.host}:${config.port}: ${(error as Error).message}`);
  }
  printBanner(config, database, app, tls, Math.round(performance.now() - startedAt));
  closeOnSignals(app);
}

/**
 * SIGTERM/SIGINT: stop taking requests, let modules close their sockets and the database, then
 * exit 0 (a supervisor reads anything else as a crash). A second signal ends it at once.
 */
function closeOnSignals(app: NestExpressApplication): void {
  let closing = false;
  const close = (signal: NodeJS.Signals) => {
    if (closing) process.exit(1);
    closing = true;
    Logger.log(`${signal} received, shutting down`, 'Switchboard');
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`switchboard: error while shutting down: ${(error as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', close);
  process.on('SIGINT', close);
}

/** The operator's certificate pair, or the local CA's (made on first start), or none. */
async function loadTls(config: AppConfig): Promise<TlsMaterial | null> {
  switch (config.tls.kind) {
    case 'off':
      return null;
    case 'files':
      return { cert: readFileSync(config.tls.certFile, 'utf8'), key: readFileSync(config.tls.keyFile, 'utf8'), caFile: null };
    case 'generated':
      return ensureLocalAuthority(config.tls.dir, certificateNames(config.host, config.publicEndpoint));
  }
}

function isJson(request: IncomingMessage): boolean {
  return /^application\/([\w.+-]+\+)?json\b/i.test(request.headers['content-type'] ?? '');
}

function loadConfigOrExit(): AppConfig {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) fail(`configuration error: ${error.message}`);
    throw error;
  }
}

/** One line a person can read, then a non-zero exit: nothing half-started stays behind. */
function fail(message: string): never {
  process.stderr.write(`switchboard: ${message}\n`);
  process.exit(1);
}

/**
 * The first screen for a person: where to go, the connection string, how to trust the local CA.
 * It goes to stderr, so stdout holds only log lines; a log line says the same without secrets.
 */
function printBanner(config: AppConfig, database: Database, app: NestExpressApplication, tls: TlsMaterial | null, readyMs: number): void {
  const keys = app.get(KeysService);
  const generatedPassword = app.get(AdminAccountsService).generatedPassword;
  const storage =
    database.kind === 'embedded'
      ? `embedded PostgreSQL in ${relative(process.cwd(), config.dataDir) || '.'}`
      : 'PostgreSQL at DATABASE_URL';
  const schemes = tls ? 'https and http' : 'http';
  const lines = [
    '',
    `Switchboard ${SERVER_VERSION} is ready in ${readyMs} ms (${storage})`,
    `  Listening on:      ${config.host}:${config.port} (${schemes})`,
    `  Service endpoint:  ${config.publicEndpoint}`,
    `  Dashboard:         ${config.publicEndpoint}/dashboard`,
    `  Connection string: ${keys.connectionString('primary')}`,
  ];
  if (generatedPassword) {
    lines.push(`  Admin login:       ${config.adminUser} / ${generatedPassword}   (shown only this once)`);
  }
  if (tls?.caFile) {
    lines.push(
      `  Trust the local CA: NODE_EXTRA_CA_CERTS=${tls.caFile} node your-app.js`,
      `                      (browsers and curl: add ${tls.caFile} to the system's trusted authorities; see README, "HTTPS")`,
    );
  }
  process.stderr.write(`${lines.join('\n')}\n\n`);
  Logger.log(
    { msg: 'ready', readyMs, storage: database.kind, endpoint: config.publicEndpoint, tls: config.tls.kind, caFile: tls?.caFile ?? undefined },
    'Switchboard',
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`switchboard: failed to start: ${(error as Error)?.stack ?? String(error)}\n`);
  process.exit(1);
});
