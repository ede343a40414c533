import type { RunNames } from '../run/execute.js';
import type { FactVector, RuleOutcome } from '../trace/facts.js';
import {
  type AlertKind,
  type ReleaseCause,
  releaseCauseNames,
  type TraceRecord,
  type TraceSink,
} from '../trace/records.js';
import { OutputFile } from './output-file.js';

const FLUSH_AT = 1 << 16;

/**
 * Writes the trace as JSON Lines, one record per line with names instead of indices. Writes are
 * synchronous and buffered, so memory stays flat however long the run; the file appears atomically
 * (see OutputFile) when `close` is called.
 */
export class TraceWriter implements TraceSink {
  private buffer = '';
  private readonly out: OutputFile;
  private readonly context: string;

  constructor(
    file: string,
    private readonly names: RunNames,
    context: { scenario: string; policy: string },
  ) {
    this.out = OutputFile.open(file);
    this.context = `"scenario":${JSON.stringify(context.scenario)},"policy":${JSON.stringify(context.policy)}`;
  }

  admit(at: number, session: number, user: number, node: number, pool: number, inUse: number): void {
    const n = this.names;
    this.line(
      at,
      'admit',
      `"session":${session},"user":${JSON.stringify(n.user(user))},"node":${JSON.stringify(n.node(node))},"pool":${JSON.stringify(n.pool(pool))},"inUse":${inUse}`,
    );
  }

  release(at: number, session: number, pool: number, inUse: number, cause: ReleaseCause): void {
    this.line(
      at,
      'release',
      `"session":${session},"pool":${JSON.stringify(this.names.pool(pool))},"inUse":${inUse},"cause":"${releaseCauseNames[cause]}"`,
    );
  }

  deny(
    at: number,
    session: number,
    user: number,
    site: number,
    pool: number,
    d: RuleOutcome,
    seen: FactVector,
  ): void {
    const n = this.names;
    this.line(
      at,
      'deny',
      `"session":${session},"user":${JSON.stringify(n.user(user))},"site":${JSON.stringify(n.site(site))},"pool":${JSON.stringify(n.pool(pool))},"rule":${JSON.stringify(d.rule)},"ruleIds":${JSON.stringify(d.ruleIds)},"message":${JSON.stringify(d.message)},"facts":${JSON.stringify(seen.toObject())}`,
    );
  }

  alert(
    at: number,
    pool: number,
    kind: AlertKind,
    raised: boolean,
    d: RuleOutcome,
    seen: FactVector,
    message: string,
  ): void {
    this.line(
      at,
      raised ? 'alert' : 'alert-cleared',
      `"pool":${JSON.stringify(this.names.pool(pool))},"kind":"${kind}","message":${JSON.stringify(message)},"rule":${JSON.stringify(d.rule)},"ruleIds":${JSON.stringify(d.ruleIds)},"facts":${JSON.stringify(seen.toObject())}`,
    );
  }

  record(r: TraceRecord): void {
    const { type, at, ...rest } = r;
    const fields: Record<string, unknown> = { ...rest };
    // Every line already names the scenario and policy.
    delete fields.scenario;
    delete fields.policy;
    if ('pool' in r) fields.pool = this.names.pool(r.pool);
    if ('site' in r) fields.site = this.names.site(r.site);
    const body = JSON.stringify(fields).slice(1, -1);
    this.line(at, type, body);
  }

  /** Flushes and moves the file into place. */
  close(): void {
    this.flush();
    this.out.commit();
  }

  /** Drops the partial file, e.g. when the run failed. */
  abandon(): void {
    this.out.abandon();
  }

  private line(at: number, type: string, body: string): void {
    this.buffer += `{"at":"${new Date(at).toISOString()}","type":"${type}",${this.context}${body ? `,${body}` : ''}}\n`;
    if (this.buffer.length >= FLUSH_AT) this.flush();
  }

  private flush(): void {
    if (this.buffer.length > 0) this.out.write(this.buffer);
    this.buffer = '';
  }
}
