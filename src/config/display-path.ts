import { relative } from 'node:path';

/** A file as the user would type it: relative to the working folder when inside it, else as given. */
export function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel.startsWith('..') || rel === '' ? file : rel;
}
