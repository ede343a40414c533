import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDiagnostic, InputError } from '../../src/config/diagnostics.js';
import { parseRate, parseTeamsCsv, parseTeamsYaml, readTeams } from '../../src/config/teams.js';
import { SEED_TEAMS_CSV } from '../support/cli.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'licensim-teams-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

/** The messages a user would see, with the temporary folder left out. */
async function errorsOf(path: string): Promise<string[]> {
  const error = await readTeams(path).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InputError);
  return (error as InputError).diagnostics.map((d) => formatDiagnostic(d).replace(`${dir}/`, ''));
}

describe('readTeams (W5 input)', () => {
  it('W5: reads the WALLIX guide team table from CSV, with 25% meaning 0.25', async () => {
    const { teams, diagnostics } = await readTeams(await file('seed.csv', SEED_TEAMS_CSV));
    expect(diagnostics).toEqual([]);
    expect(teams).toHaveLength(7);
    expect(teams[0]).toEqual({ name: 'Linux Admins', users: 50, concurrency: 0.25 });
    expect(teams.map((t) => t.concurrency)).toEqual([0.25, 0.3, 0.2, 0.15, 0.4, 0.35, 0.1]);
  });

  it('W5: reads YAML as a bare list or under `teams:`, with shares or percentages', async () => {
    const list =
      '- { name: Linux Admins, users: 50, concurrency: 0.25 }\n- { name: DevOps, users: 45, concurrency: 35% }\n';
    const wrapped = `teams:\n  - name: Linux Admins\n    users: 50\n    concurrency: "25%"\n`;
    expect((await readTeams(await file('list.yaml', list))).teams).toEqual([
      { name: 'Linux Admins', users: 50, concurrency: 0.25 },
      { name: 'DevOps', users: 45, concurrency: 0.35 },
    ]);
    expect((await readTeams(await file('wrapped.yml', wrapped))).teams).toEqual([
      { name: 'Linux Admins', users: 50, concurrency: 0.25 },
    ]);
  });

  it('W5: tolerates blank lines, padding, a BOM, CRLF line ends and header case', async () => {
    const text = '\uFEFFName, Users ,CONCURRENCY\r\n\r\n  Linux Admins , 50 , 25% \r\n"Ops, night",4,0.5\r\n';
    const { teams } = await readTeams(await file('loose.csv', text));
    expect(teams).toEqual([
      { name: 'Linux Admins', users: 50, concurrency: 0.25 },
      { name: 'Ops, night', users: 4, concurrency: 0.5 },
    ]);
  });

  it('W5: reports every bad CSV row at once, at its line and column', async () => {
    const text =
      'name,users,concurrency\nLinux Admins,x,25%\nGood,10,0.1\nWindows,40,130%\n,5,0.2\nShort,3\n';
    expect(await errorsOf(await file('bad.csv', text))).toEqual([
      "bad.csv:2:14: users must be a non-negative integer (got 'x')",
      "bad.csv:4:12: concurrency must be a share from 0 to 1 or a percentage such as 25% (got '130%')",
      'bad.csv:5:1: name is missing',
      'bad.csv:6:1: row has 2 fields but the header has 3 (name,users,concurrency)',
    ]);
  });

  it('W5: a rate written as a whole number gets a hint (30 → 30% or 0.3)', async () => {
    expect(await errorsOf(await file('whole.csv', 'name,users,concurrency\nA,1,30\n'))).toEqual([
      "whole.csv:2:5: concurrency must be a share from 0 to 1 or a percentage such as 25% (got '30'); for 30 % write 30% or 0.3",
    ]);
  });

  it('W5: places errors after a quoted field that spans lines', () => {
    const { diagnostics } = parseTeamsCsv('name,users,concurrency\n"Two\nlines",1,0.1\nB,-2,0.1\n', 'q.csv');
    expect(diagnostics.map(formatDiagnostic)).toEqual([
      "q.csv:4:3: users must be a non-negative integer (got '-2')",
    ]);
  });

  it('W5: reports a wrong header instead of misreading every row', async () => {
    expect(await errorsOf(await file('header.csv', 'team,users,rate\nA,1,0.1\n'))).toEqual([
      "header.csv:1:1: unknown column 'team': expected name,users,concurrency",
      "header.csv:1:1: the header lacks the column 'name': expected name,users,concurrency",
      "header.csv:1:1: the header lacks the column 'concurrency': expected name,users,concurrency",
      "header.csv:1:12: unknown column 'rate': expected name,users,concurrency",
    ]);
  });

  it('W5: reports every bad YAML team at the offending value', () => {
    const text = [
      '- name: Linux Admins',
      '  users: 50.5',
      '  concurrency: 25%',
      '- name: Windows',
      '  users: 40',
      '  concurency: 0.3',
      '- just a string',
    ].join('\n');
    expect(parseTeamsYaml(text, 't.yaml').diagnostics.map(formatDiagnostic)).toEqual([
      "t.yaml:2:10: users must be a non-negative integer (got '50.5')",
      "t.yaml:6:3: unknown key 'concurency': expected name, users, concurrency",
      't.yaml:4:3: concurrency is missing',
      't.yaml:7:3: each team must be a map with name, users, concurrency',
    ]);
  });

  it('W5: YAML syntax errors carry their position', async () => {
    const [message] = await errorsOf(await file('broken.yaml', '- name: [A\n  users: 1\n'));
    expect(message).toMatch(/^broken\.yaml:\d+:\d+: /);
  });

  it('W5: an empty file, an unknown extension or a missing file is an error, not zero teams', async () => {
    expect(await errorsOf(await file('empty.csv', 'name,users,concurrency\n'))).toEqual([
      'empty.csv:1:1: no teams found: add one row per team under the header name,users,concurrency',
    ]);
    expect(await errorsOf(await file('teams.txt', SEED_TEAMS_CSV))).toEqual([
      "teams.txt:1:1: unknown teams file type '.txt': name it .csv, .yaml or .yml",
    ]);
    const [missing] = await errorsOf(join(dir, 'absent.csv'));
    expect(missing).toMatch(/^absent\.csv:1:1: cannot read the teams file/);
  });

  it('W5: a team listed twice is a warning, and both rows count', async () => {
    const { teams, diagnostics } = await readTeams(
      await file('twice.csv', 'name,users,concurrency\nA,1,0.5\nA,2,0.5\n'),
    );
    expect(teams).toHaveLength(2);
    expect(diagnostics.map((d) => `${d.severity} ${d.line}:${d.column} ${d.message}`)).toEqual([
      "warning 3:1 team 'A' is listed again (first at line 2); both rows count",
    ]);
  });
});

describe('parseRate', () => {
  it('reads shares and percentages, exactly as written (7% is 0.07)', () => {
    expect(parseRate('25%')).toBe(0.25);
    expect(parseRate(' 12.5 % ')).toBe(0.125);
    expect(parseRate('7%')).toBe(0.07);
    expect(parseRate('0.2')).toBe(0.2);
    expect(parseRate(0.35)).toBe(0.35);
    expect(parseRate('100%')).toBe(1);
  });

  it('rejects values outside 0–100 % and non-numbers', () => {
    for (const bad of ['101%', '1.5', '-0.1', 'x', '', '25 percent', 2, null, true]) {
      expect(parseRate(bad)).toBeUndefined();
    }
  });
});

describe('finding 17: the teams file is streamed within its cap and must be valid UTF-8', () => {
  it('a file past the cap is refused without reading it whole (a sparse 1 GiB file)', async () => {
    const big = join(dir, 'big.csv');
    await writeFile(big, '');
    await truncate(big, 2 ** 30);
    const error = await readTeams(big).catch((e: unknown) => e);
    expect((error as InputError).diagnostics.map((d) => d.message)).toEqual([
      expect.stringMatching(/^the teams file is larger than \d+ bytes$/),
    ]);
    await rm(big);
  });

  it('invalid UTF-8 is refused at the line and column of its first bad byte', async () => {
    const bad = join(dir, 'bad.csv');
    await writeFile(
      bad,
      Buffer.concat([
        Buffer.from('name,users,concurrency\nLinux '),
        Buffer.from([0xff]),
        Buffer.from(' Admins,50,25%\n'),
      ]),
    );
    const error = await readTeams(bad).catch((e: unknown) => e);
    expect((error as InputError).diagnostics).toEqual([
      expect.objectContaining({ line: 2, column: 7, message: 'the teams file is not valid UTF-8 text' }),
    ]);
  });
});
