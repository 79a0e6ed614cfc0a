/**
 * Tells a node that another node (or process) changed IAM state, within well under a second,
 * from what migration 0002 sets up: on SQLite by polling the `iam_changes` counter over a
 * connection of its own, on PostgreSQL by LISTENing on the schema's channel. The node's read
 * cache is emptied on every signal; `live` is false while a signal could be missed (the
 * PostgreSQL connection is down), and the cache is bypassed meanwhile.
 */
import { createHash } from 'node:crypto';

export const SQLITE_POLL_MS = 200;
const RECONNECT_MS = 500;

export interface ChangeFeed {
  readonly live: boolean;
  close(): Promise<void>;
}

/** `url` as for openStore; the store must have been opened (and migrated) first. */
export async function openChangeFeed(url: string, onChange: () => void): Promise<ChangeFeed> {
  if (url.startsWith('sqlite:')) return sqliteFeed(url.slice('sqlite:'.length), onChange);
  return postgresFeed(url, onChange);
}

async function sqliteFeed(path: string, onChange: () => void): Promise<ChangeFeed> {
  // An in-memory database has no other process to hear from.
  if (path === ':memory:') return { live: true, close: async () => undefined };
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(path, { fileMustExist: true });
  const read = db.prepare<[], { version: number }>('select version from iam_changes where id = 1');
  let seen = read.get()?.version;
  const timer = setInterval(() => {
    try {
      const version = read.get()?.version;
      if (version !== seen) {
        seen = version;
        onChange();
      }
    } catch {
      // Busy or locked for a moment: the next poll sees the change.
    }
  }, SQLITE_POLL_MS);
  timer.unref();
  return {
    live: true,
    async close() {
      clearInterval(timer);
      db.close();
    },
  };
}

async function postgresFeed(url: string, onChange: () => void): Promise<ChangeFeed> {
  const [{ default: pg }, { parsePostgresUrl }] = await Promise.all([import('pg'), import('./postgres.js')]);
  const { connectionString, schema } = parsePostgresUrl(url);
  const channel = `tb_iam_${createHash('md5').update(schema).digest('hex')}`;
  let client: InstanceType<typeof pg.Client> | undefined;
  let live = false;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;

  const lost = (): void => {
    if (!live && client === undefined) return;
    live = false;
    const old = client;
    client = undefined;
    old?.removeAllListeners();
    old?.on('error', () => undefined);
    void old?.end().catch(() => undefined);
    onChange();
    if (!closed) retry = setTimeout(() => void connect().catch(lost), RECONNECT_MS);
  };
  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString });
    next.on('error', lost);
    next.on('end', lost);
    next.on('notification', (message) => {
      if (message.channel === channel) onChange();
    });
    client = next;
    await next.connect();
    await next.query(`listen "${channel}"`);
    live = true;
    // Whatever changed while we were not listening.
    onChange();
  };
  try {
    await connect();
  } catch (err) {
    closed = true;
    clearTimeout(retry);
    throw err;
  }
  return {
    get live() {
      return live;
    },
    async close() {
      closed = true;
      clearTimeout(retry);
      const last = client;
      client = undefined;
      live = false;
      last?.removeAllListeners();
      await last?.end().catch(() => undefined);
    },
  };
}
