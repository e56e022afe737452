/** Starts the whole system on the embedded defaults, or on what the environment configures. */
import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { shutdown } from './platform/shutdown.js';
import { seedDemoIfEmpty } from './seed/demo.js';

async function main() {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Ingång cannot start.\n${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  const { app, ctx } = await buildApp(config);
  if (config.seedDemo) {
    const seeded = await seedDemoIfEmpty(ctx.db, ctx.clock);
    if (seeded) app.log.info('demo data loaded');
  }
  await app.listen({ host: config.host, port: config.port });
  const banner = [
    '',
    `  Ingång is running at ${config.publicUrl}`,
    `    patient app     ${config.publicUrl}/`,
    `    staff portal    ${config.publicUrl}/staff`,
    `    administration  ${config.publicUrl}/admin`,
    `    API docs        ${config.publicUrl}/api/docs`,
    config.bankid.backend === 'simulator' ? `    BankID simulator ${config.publicUrl}/dev/bankid` : '',
    config.mail.embedded ? `    dev mailbox     ${config.publicUrl}/dev/mail` : '',
    `  database: ${ctx.dbKind === 'pglite' ? `embedded PGlite in ${config.dataDir}` : 'PostgreSQL'}`,
    '',
  ];
  console.log(banner.filter((l) => l !== '').join('\n'));

  // Readiness fails first, then the listener closes and in-flight work finishes (platform/shutdown.ts).
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      app.log.info({ signal }, 'draining, then shutting down');
      shutdown(app, ctx.cluster, {
        ...config.shutdown,
        onDeadline: () => {
          app.log.warn('shutdown deadline passed; exiting with work unfinished');
          process.exit(1);
        },
      }).then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
