/**
 * `npm run audit:verify`: checks every audit hash chain in the configured
 * database (DATABASE_URL, or the embedded PGlite under DATA_DIR — stop the
 * server first, PGlite has one process). Exit 0 and "audit log intact: …",
 * or exit 1 naming the first broken entry. Prints ids only, never personal data.
 */
import { loadConfig } from './config.js';
import { verifyAuditLog } from './platform/audit-verify.js';
import { openDatabase } from './platform/db/index.js';

const config = loadConfig();
const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, inMemory: false });
let code = 0;
try {
  const result = await verifyAuditLog(database.db);
  const legacy = result.legacy ? ` (${result.legacy} written before the chain, not covered)` : '';
  if (result.ok) {
    console.log(`audit log intact: ${result.entries} entries in ${result.chains} chains${legacy}`);
  } else {
    const b = result.broken;
    console.error(
      `audit log BROKEN: chain ${b?.chain} seq ${b?.seq} entry ${b?.id ?? '(missing)'} at ${b?.at?.toISOString() ?? '-'}: ${b?.problem}`,
    );
    console.error(`checked ${result.entries} entries in ${result.chains} chains before the break`);
    code = 1;
  }
} catch (error) {
  console.error(`audit verification could not run: ${(error as Error).message}`);
  code = 2;
} finally {
  await database.close();
}
process.exit(code);
