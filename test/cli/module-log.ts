/** `node --import build/test/cli/module-log.js …`: installs module-log-hooks.ts. */
import { register } from 'node:module';

register('./module-log-hooks.js', import.meta.url);
