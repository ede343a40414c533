#!/usr/bin/env node
// Writes a FlexLM-style debug log of about N lines for measuring `licensim audit` on large logs:
// OUT/IN pairs of several features by a few thousand user@host pairs, DENIED lines when the seats are
// full, TIMESTAMP lines every 6 hours and midnight rollovers, in the documented line shapes. The same
// arguments always write the same file (a seeded generator, no clock).
//
//   node scripts/usage-log.mjs --lines 10000000 --out /tmp/usage-10m.log --policy /tmp/usage-policy.yaml
//
// --policy writes a policy licensing `--seats` seats of the solver feature (the log's other features,
// mesher and viewer, are then counted but not replayed).
// Not committed: a 10-million-line log is about 500 MB.
import { createWriteStream, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    lines: { type: 'string', default: '1000000' },
    out: { type: 'string' },
    seats: { type: 'string', default: '40' },
    seed: { type: 'string', default: '1' },
    policy: { type: 'string' },
  },
});
if (!values.out) {
  process.stderr.write('usage: node scripts/usage-log.mjs --lines N --out FILE [--seats S] [--seed K]\n');
  process.exit(2);
}
const target = Number(values.lines);
const seats = Number(values.seats);

/** mulberry32: small, fast, seeded. */
let state = Number(values.seed) >>> 0;
function random() {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const exponential = (mean) => -Math.log(1 - random()) * mean;

const features = ['solver', 'solver', 'solver', 'mesher', 'viewer'];
const users = 3000;
const hosts = 800;
const meanHoldS = 45 * 60;
// Arrivals at about 1.1 × what the seats serve: some DENIED lines.
const meanGapS = meanHoldS / (seats * 1.1);

if (values.policy) {
  writeFileSync(
    values.policy,
    `apiVersion: licensim/v1
kind: Policy
metadata:
  name: generated-solver-${seats}
  description: ${seats} seats of the solver feature, for the generated usage log.
  covers: [L1, L2]
spec:
  timeZone: UTC
  licenses:
    - { id: solver-${seats}, feature: solver, count: ${seats}, term: perpetual, start: 2025-01-01 }
  pools:
    - { id: solver, licenses: [solver-${seats}] }
  alerts:
    usage: { warning: 0.80, critical: 0.95 }
`,
  );
}

const out = createWriteStream(values.out, { highWaterMark: 1 << 20 });
let buffer = '';
let written = 0;
async function line(text) {
  buffer += `${text}\n`;
  written++;
  if (buffer.length > 1 << 20) {
    if (!out.write(buffer)) await new Promise((resume) => out.once('drain', resume));
    buffer = '';
  }
}
const pad = (n) => String(n).padStart(2, '0');
const clock = (s) => {
  const d = Math.floor(s) % 86400;
  return `${String(Math.floor(d / 3600)).padStart(2, ' ')}:${pad(Math.floor(d / 60) % 60)}:${pad(d % 60)}`;
};
const dateOf = (s) => {
  const t = new Date(Date.UTC(2026, 0, 1) + Math.floor(s) * 1000);
  return `${t.getUTCMonth() + 1}/${t.getUTCDate()}/${t.getUTCFullYear()}`;
};

await line(
  ` 0:00:00 (lmgrd) FlexNet Licensing (v11.16.2.0 build 242433 x64_lsb) started on licsrv (linux) (${dateOf(0)})`,
);
await line(' 0:00:01 (demo) Server started on licsrv for:\tsolver\tmesher\tviewer');
// Open sessions: end time (s) and who, kept sorted by end (a small sorted array: about `seats` long).
const open = [];
let now = 1;
let nextStamp = 6 * 3600;
let inUse = 0;
while (written < target) {
  const arrival = now + exponential(meanGapS);
  while (open.length > 0 && open[0].end <= arrival && written < target) {
    const s = open.shift();
    if (s.end >= nextStamp) {
      await line(`${clock(nextStamp)} (demo) TIMESTAMP ${dateOf(nextStamp)}`);
      nextStamp += 6 * 3600;
    }
    inUse--;
    await line(`${clock(s.end)} (demo) IN: "${s.feature}" ${s.who}  `);
  }
  now = arrival;
  if (now >= nextStamp) {
    await line(`${clock(nextStamp)} (demo) TIMESTAMP ${dateOf(nextStamp)}`);
    nextStamp += 6 * 3600;
  }
  const feature = features[Math.floor(random() * features.length)];
  // A user works from one host, now and then from a second one.
  const user = Math.floor(random() * users);
  const who = `user${user}@host${(user * 7 + (random() < 0.1 ? 1 : 0)) % hosts}`;
  if (inUse >= seats) {
    await line(
      `${clock(now)} (demo) DENIED: "${feature}" ${who}  (Licensed number of users already reached. (-4,342))`,
    );
    continue;
  }
  inUse++;
  await line(`${clock(now)} (demo) OUT: "${feature}" ${who}  `);
  const end = Math.floor(now + 1 + exponential(meanHoldS));
  let i = open.length;
  while (i > 0 && open[i - 1].end > end) i--;
  open.splice(i, 0, { end, feature, who });
}
out.write(buffer);
out.end();
await new Promise((resume) => out.on('finish', resume));
process.stderr.write(`${written} lines written to ${values.out}\n`);
