/**
 * `trustbridge backup [--dir D] FILE`: a consistent copy of the SQLite store while the server
 * runs. Restoring is copying FILE to D2/trustbridge.db and starting with the same master key.
 * A PostgreSQL store is backed up with PostgreSQL's own tools (pg_dump).
 */
import type { Command } from 'commander';
import { defaultStoreUrl } from '../workspace/data-dir.js';
import { backupSqlite } from '../store/sqlite-backup.js';
import { DEFAULT_DATA_DIR } from '../workspace/data-dir.js';

interface BackupOptions {
  dir: string;
  store?: string;
}

export function register(program: Command): void {
  program
    .command('backup <file>')
    .option('--dir <dir>', 'data directory of the stack whose store to copy', DEFAULT_DATA_DIR)
    .option('--store <url>', 'sqlite:PATH when the store is not the one in --dir')
    .addHelpText(
      'after',
      `
The copy is consistent even while the server writes (SQLite's online backup). It holds policies,
roles, providers, admin keys and the decision log; secrets in it stay sealed under the master
key, which is NOT in the copy: keep D/master.key (or your --master-key-file) safe, apart from it.

Example:
  trustbridge backup --dir /srv/trustbridge /backups/trustbridge-$(date +%F).db

  # Restore on another machine, with the same master key:
  mkdir -m 700 /srv/tb2 && cp /backups/trustbridge-2026-12-04.db /srv/tb2/trustbridge.db
  trustbridge serve --dir /srv/tb2 --master-key-file /run/secrets/trustbridge-master-key

On a PostgreSQL store (postgres://…) use pg_dump instead, e.g.
  pg_dump --schema=trustbridge -Fc postgres://user@db/trustbridge > trustbridge.dump`,
    )
    .action(async (file: string, opts: BackupOptions) => {
      const url = opts.store ?? defaultStoreUrl(opts.dir);
      if (!url.startsWith('sqlite:')) {
        // main() turns this into exit status 2, as for every usage error.
        throw new Error(
          'backup copies SQLite stores only: for a PostgreSQL store use pg_dump (e.g. pg_dump --schema=trustbridge -Fc postgres://user@db/trustbridge > trustbridge.dump), restore with pg_restore',
        );
      }
      const pages = await backupSqlite(url.slice('sqlite:'.length), file);
      process.stdout.write(
        `Backed up ${url.slice('sqlite:'.length)} to ${file} (${pages} pages).\nRestore: copy it to D2/trustbridge.db and start with the same master key (D/master.key, --master-key-file or TRUSTBRIDGE_MASTER_KEY).\n`,
      );
    });
}
