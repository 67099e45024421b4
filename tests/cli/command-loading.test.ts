import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { commandsToLoad } from '../../cli/main.ts';

const ALL = commandsToLoad([]);

describe('the CLI loads only the subcommand it runs', () => {
  it('loads one module when argv starts with a known subcommand', () => {
    expect(commandsToLoad(['run', 'scenarios/x.yaml', '--seed', '1'])).toEqual(['run']);
    expect(commandsToLoad(['token', 'create', '--help'])).toEqual(['token']);
    expect(commandsToLoad(['kube-stand-in'])).toEqual(['kube-stand-in']);
  });

  it('loads every module for help, no subcommand, or an unknown one', () => {
    expect(ALL.length).toBeGreaterThan(10);
    expect(ALL).toContain('serve');
    expect(commandsToLoad(['--help'])).toEqual(ALL);
    expect(commandsToLoad(['rnu'])).toEqual(ALL); // commander's "did you mean run?" needs them all
    expect(commandsToLoad(['--version', 'run'])).toEqual(ALL);
  });

  it('still lists every subcommand in --help, and suggests the near miss', () => {
    const help = spawnSync(process.execPath, ['cli/bin.mjs', '--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    for (const name of ALL) expect(help.stdout).toMatch(new RegExp(`^  ${name}\\b`, 'm'));
    const typo = spawnSync(process.execPath, ['cli/bin.mjs', 'valdate', 'x.yaml'], { encoding: 'utf8' });
    expect(typo.status).toBe(2);
    expect(typo.stderr).toMatch(/unknown command 'valdate'[\s\S]*validate/);
  });
});
