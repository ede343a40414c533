import type { Command } from 'commander';
import type { Invocation } from '../io.js';
import { registerAudit } from './audit/register.js';
import { registerCompare } from './compare/register.js';
import { registerDiff } from './diff/register.js';
import { registerExplain } from './explain/register.js';
import { registerMerge } from './merge/register.js';
import { registerSimulate } from './simulate/register.js';
import { registerSize } from './size/register.js';
import { registerTest } from './test/register.js';
import { registerValidate } from './validate/register.js';
import { registerWatch } from './watch/register.js';

/**
 * Every command, registered in the order `--help` lists them. Registering declares arguments, options and
 * help only: each command loads its implementation, and the library, when it runs.
 */
export function registerCommands(program: Command, invocation: Invocation): void {
  for (const register of commands) register(program, invocation);
}

const commands: ReadonlyArray<(program: Command, invocation: Invocation) => void> = [
  registerValidate,
  registerSimulate,
  registerTest,
  registerSize,
  registerCompare,
  registerAudit,
  registerExplain,
  registerDiff,
  registerMerge,
  registerWatch,
];
