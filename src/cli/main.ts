import { main } from './program.js';

// NO_COLOR is honoured by mapping it to FORCE_COLOR=0 before chalk (via ink) is loaded (STACK.md).
if (process.env.NO_COLOR) process.env.FORCE_COLOR = '0';

process.exitCode = await main(process.argv.slice(2));
