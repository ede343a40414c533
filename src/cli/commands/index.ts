import type { Command } from 'commander';
import { registerSimulate } from './simulate.js';
import { registerSize } from './size.js';
import { registerTest } from './test.js';
import { registerValidate } from './validate.js';

/** Every command, registered in the order `--help` lists them. */
export function registerCommands(program: Command): void {
  for (const register of commands) register(program);
}

const commands: ReadonlyArray<(program: Command) => void> = [
  registerValidate,
  registerSimulate,
  registerTest,
  registerSize,
];
