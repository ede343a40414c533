import { describe, expect, it } from 'vitest';
import { REALTIME_WINDOW_MS, UniqueUsers } from '../../src/analysis/unique-users.js';

const names = ['user1@host1', 'user2@host1', 'user1@host2', 'solo'];
const DAY = 86_400_000;

function counted(admissions: readonly [at: number, user: number][]) {
  const users = new UniqueUsers((i) => names[i]!);
  for (const [at, user] of admissions) users.admit(at, 0, user);
  return users.result();
}

describe('unique users (L1, L2)', () => {
  it('L1: a user is a user-host pair by default, a username otherwise; a bare name is its own username', () => {
    const r = counted([
      [0, 0],
      [1, 1],
      [2, 2],
      [3, 3],
      [4, 0],
    ]);
    expect([r.userHost.total, r.username.total]).toEqual([4, 3]);
  });

  it('L2: a user counts in the realtime window for 14 days after its latest admission, then leaves it', () => {
    const r = counted([
      [0, 0],
      [DAY, 1],
      // user1@host1 is 14 days and 1 ms old here: gone; user2@host1 still in.
      [REALTIME_WINDOW_MS + 1, 3],
      [REALTIME_WINDOW_MS + 2, 0],
    ]);
    expect(r.userHost).toEqual({ total: 3, realtimePeak: 3, realtimePeakAt: REALTIME_WINDOW_MS + 2 });
  });

  it('L2: seen again within the window, a user stays in it and is counted once', () => {
    const r = counted([
      [0, 0],
      [10 * DAY, 0],
      [20 * DAY, 1],
    ]);
    expect(r.userHost).toEqual({ total: 2, realtimePeak: 2, realtimePeakAt: 20 * DAY });
  });

  it('L2: exactly 14 days after the latest admission a user is still in the window', () => {
    const r = counted([
      [0, 0],
      [REALTIME_WINDOW_MS, 1],
    ]);
    expect(r.userHost.realtimePeak).toBe(2);
  });
});
