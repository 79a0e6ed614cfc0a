/**
 * `--master-key-file F`, the same on every command that opens a stack's secrets, so a cluster's
 * nodes and the CLI beside them resolve the key alike: the file, else TRUSTBRIDGE_MASTER_KEY,
 * else D/master.key (src/store/master-key.ts). Spread into `.option(...)`.
 */
import { MASTER_KEY_ENV } from '../store/master-key.js';

export const MASTER_KEY_FILE_OPTION = [
  '--master-key-file <file>',
  `the master key, base64 of 32 bytes (openssl rand -base64 32); default: $${MASTER_KEY_ENV}, else D/master.key`,
] as const;
