// Preloaded with `node --import` by tests: appends the URL of every module the process loads, one per
// line, to the file named by LICENSIM_RECORD_LOADS, so a test can check what a command loads.
import { register } from 'node:module';

register(new URL('./record-loads-hooks.mjs', import.meta.url), { data: process.env.LICENSIM_RECORD_LOADS });
