import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CheckoutChunk } from '../model/recorded-usage.js';

/** Checkouts a block holds: the unit written, read back and handed to the replay. */
export const BLOCK_CHECKOUTS = 4096;

/** A block: its length (8 bytes, for alignment), then each column of BLOCK_CHECKOUTS values. */
const BLOCK_BYTES = 8 + BLOCK_CHECKOUTS * (8 + 4 * 4);

/**
 * The checkouts of an imported log, as they were read (start, user, feature, site, licenses), kept in a
 * temporary file in fixed-size blocks rather than in memory: the replay reads them back a block at a
 * time instead of parsing the log a second time (which cost as much as the import itself). Memory holds
 * one block, whatever the log's size.
 */
export class CheckoutSpool {
  private readonly dir = mkdtempSync(join(tmpdir(), 'licensim-audit-'));
  readonly file = join(this.dir, 'checkouts.bin');
  private readonly fd = openSync(this.file, 'w+');
  private readonly block = newBlock();
  private blocks = 0;
  private closed = false;

  add(atMs: number, user: number, feature: number, site: number, count: number): void {
    const b = this.block;
    const i = b.length++;
    b.atMs[i] = atMs;
    b.user[i] = user;
    b.feature[i] = feature;
    b.site[i] = site;
    b.count[i] = count;
    if (b.length === BLOCK_CHECKOUTS) this.flush();
  }

  /** Writes the last, partial block; the spool can then be read. */
  finish(): void {
    if (this.block.length > 0) this.flush();
  }

  private flush(): void {
    const b = this.block;
    new DataView(b.bytes.buffer).setInt32(0, b.length, true);
    writeSync(this.fd, b.bytes, 0, BLOCK_BYTES, this.blocks * BLOCK_BYTES);
    this.blocks++;
    b.length = 0;
  }

  /** The checkouts in the order added, with their lengths from `durations` (by checkout number). */
  *chunks(durations: Float64Array): Generator<CheckoutChunk> {
    let n = 0;
    for (let k = 0; k < this.blocks; k++) {
      const b = newBlock();
      readSync(this.fd, b.bytes, 0, BLOCK_BYTES, k * BLOCK_BYTES);
      b.length = new DataView(b.bytes.buffer).getInt32(0, true);
      const durationMs = durations.slice(n, n + b.length);
      n += b.length;
      yield { ...b, durationMs };
    }
  }

  /** Removes the temporary file; the spool cannot be read after. */
  dispose(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

interface Block {
  length: number;
  readonly bytes: Uint8Array;
  readonly atMs: Float64Array;
  readonly user: Int32Array;
  readonly feature: Int32Array;
  readonly site: Int32Array;
  readonly count: Int32Array;
}

/** A block's columns as views over one buffer, so that a block is written and read in one call. */
function newBlock(): Block {
  const buffer = new ArrayBuffer(BLOCK_BYTES);
  const n = BLOCK_CHECKOUTS;
  let at = 8;
  const take = <T>(make: (offset: number) => T, size: number): T => {
    const view = make(at);
    at += n * size;
    return view;
  };
  return {
    length: 0,
    bytes: new Uint8Array(buffer),
    atMs: take((o) => new Float64Array(buffer, o, n), 8),
    user: take((o) => new Int32Array(buffer, o, n), 4),
    feature: take((o) => new Int32Array(buffer, o, n), 4),
    site: take((o) => new Int32Array(buffer, o, n), 4),
    count: take((o) => new Int32Array(buffer, o, n), 4),
  };
}
