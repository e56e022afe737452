/** `npm run migrate`: applies pending migrations to the configured database and exits. */
import { loadConfig } from './config.js';
import { openDatabase } from './platform/db/index.js';
import { migrate } from './platform/db/migrate.js';

const config = loadConfig();
const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, inMemory: false });
const applied = await migrate(database.db);
console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
await database.close();
