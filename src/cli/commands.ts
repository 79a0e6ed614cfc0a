import type { Command } from 'commander';
import { register as assume } from './assume.js';
import { register as serve } from './serve.js';
import { register as up } from './up.js';
import { register as ca } from './ca.js';
import { register as issuer } from './issuer.js';
import { register as run } from './run.js';
import { register as token } from './token.js';
import { register as doctor } from './doctor.js';
import { register as explain } from './explain.js';
import { register as decisions } from './decisions.js';
import { register as lintTrust } from './lint-trust.js';
import { register as provider } from './provider.js';
import { register as apply } from './apply.js';
import { register as consoleLink } from './console-link.js';

/** One line per command file: each exports `register(program)`. */
const registrars: Array<(program: Command) => void> = [
  doctor,
  ca,
  issuer,
  run,
  token,
  assume,
  serve,
  up,
  explain,
  decisions,
  lintTrust,
  provider,
  apply,
  consoleLink,
];

export function registerCommands(program: Command): void {
  for (const register of registrars) register(program);
}
