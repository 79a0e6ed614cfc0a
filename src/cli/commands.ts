import type { Command } from 'commander';
import { register as assume } from './assume.js';

/** One line per command file: each exports `register(program)`. */
const registrars: Array<(program: Command) => void> = [
  assume,
];

export function registerCommands(program: Command): void {
  for (const register of registrars) register(program);
}
