import { createReadStream } from 'node:fs';

/** A text file read within a size limit, or why it could not be, for its caller to word. */
export type TextFile =
  | { readonly text: string }
  | {
      readonly failure: 'unreadable' | 'too-large' | 'not-utf8';
      /** For `unreadable`: why, in plain words. */
      readonly reason: string;
      /** Where the problem is: the first bad byte for `not-utf8`, else 1:1. */
      readonly line: number;
      readonly column: number;
    };

/**
 * Reads a UTF-8 text file of at most `limit` bytes. Streams, so a huge or sparse file costs no more than
 * the limit before it is refused, and pipes and devices work; invalid UTF-8 is refused with the line and
 * column of its first bad byte rather than read as U+FFFD.
 */
export async function readTextFile(file: string, limit: number): Promise<TextFile> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of createReadStream(file)) {
      size += (chunk as Buffer).length;
      if (size > limit) return { failure: 'too-large', reason: '', line: 1, column: 1 };
      chunks.push(chunk as Buffer);
    }
  } catch (error) {
    return { failure: 'unreadable', reason: whyUnreadable(error), line: 1, column: 1 };
  }
  const bytes = Buffer.concat(chunks);
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { failure: 'not-utf8', reason: '', ...firstInvalidByte(bytes) };
  }
}

/** Why a file could not be read, in plain words rather than the system's error code. */
export function whyUnreadable(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'it is a folder, not a file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ELOOP') return 'too many levels of symbolic links (a link that leads back to itself?)';
  return error instanceof Error ? error.message : String(error);
}

/** Where the first byte that is not part of valid UTF-8 is: line and column (in characters) of it. */
function firstInvalidByte(bytes: Buffer): { line: number; column: number } {
  let line = 1;
  let column = 1;
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const length =
      b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (length === 0 || i + length > bytes.length) return { line, column };
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(i, i + length));
    } catch {
      return { line, column };
    }
    if (b === 0x0a) {
      line++;
      column = 1;
    } else {
      column++;
    }
    i += length;
  }
  return { line, column };
}
