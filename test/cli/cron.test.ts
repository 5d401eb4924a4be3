import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, test } from 'vitest';
import { CLI, ROOT, spawnCli, tempDir } from '../helpers/cli.js';
import { androidExport, writeExport } from '../helpers/exports.js';

/** The crontab lines of the README's "Running it on a schedule", exactly as written there. */
function readmeCrontab(): string[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const block = /<!-- cron-recipe[^>]*-->\n```\n([\s\S]*?)```\n<!-- \/cron-recipe -->/.exec(readme);
  if (block === null) throw new Error('README.md has no cron-recipe block');
  return block[1]!.split('\n').filter((line) => line.trim() !== '');
}

/** Where `npm install -g` would put the command, standing in for /usr/local/bin: wa-archive and node. */
function installedBin(): string {
  const bin = join(tempDir(), 'bin');
  mkdirSync(bin);
  symlinkSync(CLI, join(bin, 'wa-archive'));
  symlinkSync(process.execPath, join(bin, 'node'));
  return bin;
}

interface Crontab {
  variables: Record<string, string>;
  jobs: string[];
}

/** Splits crontab lines into its variables (NAME=value) and its jobs' commands (after the 5 time fields). */
function parseCrontab(lines: string[]): Crontab {
  const variables: Record<string, string> = {};
  const jobs: string[] = [];
  for (const line of lines) {
    const variable = /^([A-Z_]+)=(.*)$/.exec(line);
    if (variable !== null) variables[variable[1]!] = variable[2]!;
    else jobs.push(line.split(/\s+/).slice(5).join(' '));
  }
  return { variables, jobs };
}

/** Runs one job's command as cron does: /bin/sh -c, an environment of only HOME, LOGNAME, SHELL and the crontab's PATH. */
function runAsCron(command: string, path: string, home: string) {
  const r = spawnSync('/bin/sh', ['-c', command], { encoding: 'utf8', env: { HOME: home, LOGNAME: 'cron', SHELL: '/bin/sh', PATH: path } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("the README's cron recipe, run as cron runs it", () => {
  test('the crontab lines purge, verify and check staleness: silent on success, on stderr when something is wrong', () => {
    const lines = readmeCrontab();
    const { variables, jobs } = parseCrontab(lines);
    expect(Object.keys(variables)).toEqual(['PATH', 'MAILTO']);
    expect(jobs.map((j) => j.split(' ').slice(0, 4).join(' '))).toEqual([
      'wa-archive --archive /srv/records purge',
      'wa-archive --archive /srv/records verify',
      'wa-archive --archive /srv/records status',
    ]);

    // The archive: one chat with a 1-day retention, so the purge has work to do.
    const dir = tempDir();
    const archive = join(dir, 'records');
    const file = writeExport(dir, 'WhatsApp Chat with Priya Shah.txt', androidExport(20));
    expect(spawnCli(['--archive', archive, '-q', 'import', file, '--tz', 'UTC']).code).toBe(0);
    expect(spawnCli(['--archive', archive, '-q', 'retention', 'set', '1d', '--force']).code).toBe(0);

    // The crontab's PATH names /usr/local/bin for the installed command and node; here the test's own bin folder.
    expect(variables.PATH!.split(':')).toContain('/usr/local/bin');
    const path = variables.PATH!.replace('/usr/local/bin', installedBin());
    const witnessDisk = tempDir();
    const here = (job: string, records: string) => job.replaceAll('/srv/records', records).replaceAll('/mnt/backup', witnessDisk);
    const jobsHere = jobs.map((j) => here(j, archive));
    for (const job of jobsHere) expect(runAsCron(job, path, dir)).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(spawnCli(['--archive', archive, '--json', 'chats']).stdout).toMatch(/"messages": 0/);
    expect(readFileSync(join(witnessDisk, 'wa-archive.witness'), 'utf8')).toMatch(/^\S+Z [0-9a-f]{64} messages=0 entries=\d+\n$/);

    // Something wrong: a message altered behind the tool's back. verify fails on stderr (cron mails it), with a time.
    const altered = join(dir, 'altered');
    const second = writeExport(dir, 'WhatsApp Chat with Tom.txt', androidExport(5));
    expect(spawnCli(['--archive', altered, '-q', 'import', second, '--tz', 'UTC']).code).toBe(0);
    const db = new Database(join(altered, 'archive.db'));
    db.prepare("UPDATE messages SET text = 'changed' WHERE id = 1").run();
    db.close();
    const verify = runAsCron(here(jobs[1]!, altered), path, dir);
    expect(verify.code).toBe(3);
    expect(verify.stdout).toBe('');
    expect(verify.stderr).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ \d+ problems? \(.*\n.* message Tom: message 1 .* was changed after it was archived$/m);

    // And a job that stopped running: the status line complains (the altered archive was never purged).
    const status = runAsCron(here(jobs[2]!, altered), path, dir);
    expect(status.code).toBe(3);
    expect(status.stderr).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ wa-archive: warning: no purge has run yet$/m);
  });

  test('without the PATH line, cron cannot find the command (what the README warns about)', () => {
    const { jobs } = parseCrontab(readmeCrontab());
    const noCommand = runAsCron(jobs[0]!, '/usr/bin:/bin', tempDir());
    expect(noCommand.code).toBe(127);
    expect(noCommand.stderr).toMatch(/wa-archive: (command )?not found/);
  });
});

