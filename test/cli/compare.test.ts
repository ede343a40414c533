import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { licensim } from '../support/cli.js';

async function compareJson(...args: string[]) {
  const out = await licensim('compare', ...args, '--format', 'json');
  expect(out.stderr).toBe('');
  expect(out.code).toBe(0);
  return JSON.parse(out.stdout).comparison;
}

describe('licensim compare', () => {
  it('W2: replays the 4-site load against isolated, pooled and hybrid pools with the same seeds', async () => {
    const c = await compareJson('scenarios/wallix-4-sites-compare.yaml', '--replications', '3');
    expect(c.policies.map((p: { policy: string }) => p.policy)).toEqual([
      'wallix-4-sites-isolated',
      'wallix-4-sites-enterprise',
      'wallix-4-sites-hybrid',
    ]);
    const pool = (policy: number, id: string) =>
      c.policies[policy].pools.find((p: { id: string }) => p.id === id);
    // Site A alone refuses sessions at its busy hour; the same 2000 sessions pooled refuse none.
    expect(pool(0, 'site-a').busyHourDenialRate.mean).toBeGreaterThan(0.01);
    expect(pool(1, 'enterprise').denialRate.mean).toBe(0);
    // Common random numbers: site C draws the same sessions under both policies that give it a pool of its own.
    expect(pool(2, 'site-c').concurrency).toEqual(pool(0, 'site-c').concurrency);
    expect(pool(2, 'site-c').licensed).toBe(400);
    expect(c.policies[0].licensed).toBe(2000);
  });

  it("compares policy files given in place of the scenario's own, and prints them side by side", async () => {
    const args = [
      'scenarios/wallix-sizing-check.yaml',
      '--policy',
      'policies/wallix-bastion-small.yaml',
      '--policy',
      'policies/wallix-bastion-medium.yaml',
      '--replications',
      '2',
    ];
    const c = await compareJson(...args);
    expect(c.policies.map((p: { file: string }) => p.file)).toEqual([
      'policies/wallix-bastion-small.yaml',
      'policies/wallix-bastion-medium.yaml',
    ]);
    const text = await licensim('compare', ...args);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('2 replications per policy, the same seeds for every policy');
    expect(text.stdout).toMatch(/wallix-bastion-small +\d+ +\S+ +\d+ +[\d.]+% \(/);
  });

  it('with a target, recommends the policy that meets it in every pool with the fewest sessions, and says why', async () => {
    const tiers = [
      'scenarios/wallix-sizing-check.yaml',
      '--policy',
      'policies/wallix-bastion-small.yaml',
      '--policy',
      'policies/wallix-bastion-medium.yaml',
      '--replications',
      '2',
    ];
    const onlyOne = await compareJson(...tiers, '--target', 'denial-rate<=1%');
    expect(onlyOne.policies.map((p: { meetsTarget: boolean }) => p.meetsTarget)).toEqual([false, true]);
    expect(onlyOne.recommendation).toEqual({
      policy: 'wallix-bastion-medium',
      reason: 'the only policy that meets the target in every pool',
    });
    // Both tiers meet a loose target: the smaller is the one to buy.
    const loose = await compareJson(...tiers, '--target', 'denial-rate<=50%');
    expect(loose.recommendation).toEqual({
      policy: 'wallix-bastion-small',
      reason: 'meets the target in every pool with the fewest sessions licensed (50) of the 2 that do',
    });
    const none = await compareJson(
      ...tiers.slice(0, 3),
      '--replications',
      '2',
      '--target',
      'denial-rate<=1%',
    );
    expect(none.recommendation).toEqual({
      policy: null,
      reason: 'no policy meets denial-rate<=1% in every pool',
    });
    const text = await licensim('compare', ...tiers, '--target', 'denial-rate<=1%');
    expect(text.stdout).toContain(
      'Recommendation: wallix-bastion-medium: the only policy that meets the target in every pool.',
    );
    const bad = await licensim('compare', ...tiers, '--target', 'peak<=3');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--target: no metric 'peak'");
  });

  it('--format html writes one self-contained page: the table, each rate on its interval, the target and the recommendation', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'licensim-compare-'));
    const file = join(dir, 'compare.html');
    const out = await licensim(
      'compare',
      'scenarios/wallix-sizing-check.yaml',
      '--replications',
      '2',
      '--target',
      'denial-rate<=1%',
      '--format',
      'html',
      '--out',
      file,
    );
    expect(out.code).toBe(0);
    const page = await readFile(file, 'utf8');
    const { document } = parseHTML(page);
    expect(
      document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content'),
    ).toContain("default-src 'none'");
    expect(document.querySelectorAll('script')).toHaveLength(0);
    expect(
      [...document.querySelectorAll('tbody tr')].map((tr) => tr.querySelector('td')?.textContent),
    ).toEqual(['wallix-bastion-medium', 'wallix-bastion-small']);
    // One chart per rate, a row per policy and pool, the target as a dashed line.
    expect(document.querySelectorAll('figure svg')).toHaveLength(2);
    expect(page).toContain('stroke-dasharray="6 3"');
    expect(document.querySelector('dd.good')?.textContent).toContain('wallix-bastion-medium:');
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses a policy the scenario cannot run on, and too few replications, as exit 2', async () => {
    const unbound = await licensim(
      'compare',
      'scenarios/wallix-4-sites-compare.yaml',
      '--policy',
      'policies/wallix-bastion-small.yaml',
    );
    expect(unbound.code).toBe(2);
    expect(unbound.stderr).toMatch(/scenarios\/wallix-4-sites-compare\.yaml:\d+:\d+: .*site/);
    const one = await licensim('compare', 'scenarios/wallix-trial.yaml', '--replications', '1');
    expect(one.code).toBe(2);
    expect(one.stderr).toContain('--replications');
  });
});
