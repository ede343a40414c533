#!/usr/bin/env node
// Measures `licensim audit` on a usage log against a bare line-splitting loop over the same file, in
// the same run: each round runs the bare loop (in this process) and then the audit (a child process,
// timed whole, under /usr/bin/time for its peak RSS). Prints each round and the medians; the ratio is
// audit lines/s ÷ bare lines/s, paired within a round so that machine noise hits both sides alike. The
// audit's CPU time (user + system) is printed too: on a busy machine it varies far less than wall time.
//
//   node scripts/usage-log.mjs --lines 10000000 --out /tmp/usage-10m.log --policy /tmp/usage-policy.yaml
//   npm run build && node scripts/audit-rate.mjs /tmp/usage-10m.log /tmp/usage-policy.yaml --rounds 3
import { spawnSync } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { rounds: { type: 'string', default: '3' } },
});
const [log, policy] = positionals;
if (!log || !policy) {
  process.stderr.write('usage: node scripts/audit-rate.mjs LOG POLICY [--rounds N]\n');
  process.exit(2);
}

/** Lines of the file, split as a minimal reader would: 256 KiB reads, decode, split on \n. */
async function bareLoop(file) {
  const start = process.hrtime.bigint();
  let lines = 0;
  let carry = '';
  for await (const data of createReadStream(file, { highWaterMark: 256 * 1024 })) {
    const parts = (carry + data.toString('utf8')).split('\n');
    carry = parts.pop();
    lines += parts.length;
  }
  if (carry !== '') lines++;
  return { lines, seconds: Number(process.hrtime.bigint() - start) / 1e9 };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rounds = [];
for (let r = 0; r < Number(values.rounds); r++) {
  const bare = await bareLoop(log);
  const child = execFileSyncTimed();
  const round = {
    lines: bare.lines,
    bareLinesPerSec: bare.lines / bare.seconds,
    auditSeconds: child.seconds,
    auditLinesPerSec: bare.lines / child.seconds,
    auditCpuSeconds: child.cpuSeconds,
    peakRssMiB: child.rssKiB / 1024,
  };
  round.ratio = round.auditLinesPerSec / round.bareLinesPerSec;
  rounds.push(round);
  process.stdout.write(
    `round ${r + 1}: bare ${fmt(round.bareLinesPerSec)} lines/s, audit ${round.auditSeconds.toFixed(1)} s (CPU ${round.auditCpuSeconds.toFixed(1)} s) = ${fmt(round.auditLinesPerSec)} lines/s, ratio ${round.ratio.toFixed(3)}, peak RSS ${round.peakRssMiB.toFixed(0)} MiB\n`,
  );
}
const m = (key) => median(rounds.map((r) => r[key]));
process.stdout.write(
  `median of ${rounds.length}: ${rounds[0].lines} lines; bare ${fmt(m('bareLinesPerSec'))} lines/s; audit ${m('auditSeconds').toFixed(1)} s (CPU ${m('auditCpuSeconds').toFixed(1)} s), ${fmt(m('auditLinesPerSec'))} lines/s; ratio ${m('ratio').toFixed(3)}; peak RSS ${m('peakRssMiB').toFixed(0)} MiB\n`,
);

/** The audit as a child process under /usr/bin/time: its wall time and peak RSS. */
function execFileSyncTimed() {
  const args = [
    '-f',
    'TIME %e %M %U %S',
    'node',
    'bin/licensim.js',
    'audit',
    '--policy',
    policy,
    '--usage',
    log,
  ];
  const child = spawnSync('/usr/bin/time', [...args, '--format', 'json', '--out', '/dev/null'], {
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  const timed = /TIME ([\d.]+) (\d+) ([\d.]+) ([\d.]+)\s*$/.exec(child.stderr);
  // Exit 1 is an audit that found violations (A3): it ran to the end all the same.
  if ((child.status !== 0 && child.status !== 1) || timed === null) {
    process.stderr.write(child.stderr);
    process.exit(1);
  }
  return {
    seconds: Number(timed[1]),
    rssKiB: Number(timed[2]),
    cpuSeconds: Number(timed[3]) + Number(timed[4]),
  };
}

function fmt(n) {
  return Math.round(n).toLocaleString('en');
}
