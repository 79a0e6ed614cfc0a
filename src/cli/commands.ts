import type { Command } from 'commander';
import { register as assume } from './assume.js';
import { register as ca } from './ca.js';
import { register as issuer } from './issuer.js';
import { register as run } from './run.js';
import { register as token } from './token.js';
import { register as doctor } from './doctor.js';

/** One line per command file: each exports `register(program)`. */
const registrars: Array<(program: Command) => void> = [
  doctor,
  ca,
  issuer,
  run,
  token,
  assume,
];

export function registerCommands(program: Command): void {
  for (const register of registrars) register(program);
}
