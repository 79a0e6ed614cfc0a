import type { Command } from 'commander';

/** One line per command file: each exports `register(program)`. */
const registrars: Array<(program: Command) => void> = [];

export function registerCommands(program: Command): void {
  for (const register of registrars) register(program);
}
