/**
 * The checkouts of a real usage log, in the order they started, a chunk at a time: what the simulator
 * replays as the load of an audit. Column i of each array is one checkout; `durationMs` is how long the
 * log says it lasted, or -1 when it is not replayed (still open at the log's end and left open).
 */
export interface CheckoutChunk {
  readonly length: number;
  readonly atMs: Float64Array;
  readonly durationMs: Float64Array;
  /** The user (a user-host pair), numbered as in `RecordedUsage.userNames`. */
  readonly user: Int32Array;
  /** The feature, numbered as in `RecordedUsage.features`. */
  readonly feature: Int32Array;
  /** The site or client the log names, numbered as in `RecordedUsage.sites`, or -1 when it names none. */
  readonly site: Int32Array;
  /** Licenses taken by the checkout (FlexLM's `(N licenses)`), each replayed as one session. */
  readonly count: Int32Array;
}

/** A usage log made ready to replay: its names, and its checkouts read again from the file on demand. */
export interface RecordedUsage {
  /** Users of the log, each a user-host pair written `user@host` (or `user` when the log gives no host). */
  readonly userNames: readonly string[];
  readonly features: readonly string[];
  readonly sites: readonly string[];
  /** Reads the checkouts from the start of the log, in start order. */
  checkouts(): AsyncIterable<CheckoutChunk>;
}
