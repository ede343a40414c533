import type { Fleet } from '../model/fleet/fleet.js';

/**
 * What a license server holds as a run goes: which of its licenses are installed (a timeline `activate`
 * installs one it held, P4), and which licenses its clients have surrendered to it (P7). The policy's
 * declarations are the starting point.
 */
export interface Holdings {
  /** Whether the server's `i`-th license (in its `licenses`) is installed now. */
  installed(server: number, i: number): boolean;
  /** Whether a license a client surrendered counts at its server at `now` (P7). */
  surrendered(client: number, license: number, now: number): boolean;
  /** The licenses (policy indices) the client has surrendered, counting at its server or not. */
  surrenderedBy(client: number): readonly number[];
  /** The clients that have surrendered a license (`surrenderedBy` not empty), in client order. */
  surrendering(): readonly number[];
}

/** Holdings as the policy declares them: nothing installed or surrendered during the run. */
export function declaredHoldings(fleet: Fleet): Holdings {
  return {
    installed: (server, i) => fleet.servers[server]!.licenses[i]!.installed,
    surrendered: (client, license) => fleet.clients[client]!.surrenders.includes(license),
    surrenderedBy: (client) => fleet.clients[client]!.surrenders,
    surrendering: () => fleet.clients.filter((c) => c.surrenders.length > 0).map((c) => c.index),
  };
}

/** The server licenses installed during a run: the declared ones, then each `activate` of one held. */
export class ServerInstalls {
  private readonly installedNow: Uint8Array[];

  constructor(private readonly fleet: Fleet) {
    this.installedNow = fleet.servers.map((s) => Uint8Array.from(s.licenses, (l) => (l.installed ? 1 : 0)));
  }

  /** The server and position of a server license by its id, or null when no server holds it. */
  find(id: string): { readonly server: number; readonly i: number } | null {
    for (const s of this.fleet.servers) {
      const i = s.licenses.findIndex((l) => l.id === id);
      if (i >= 0) return { server: s.index, i };
    }
    return null;
  }

  /** Installs the license; false when it was installed already. */
  install(server: number, i: number): boolean {
    if (this.installedNow[server]![i] === 1) return false;
    this.installedNow[server]![i] = 1;
    return true;
  }

  installed(server: number, i: number): boolean {
    return this.installedNow[server]![i] === 1;
  }
}
