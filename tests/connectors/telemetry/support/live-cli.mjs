#!/usr/bin/env node
// Test shim until cli/main.ts lists `record` and `replay`: the same entry as cli/bin.mjs, with
// those commands registered beside the others (cli/main.ts skips a command module it cannot find).
import { register } from 'tsx/esm/api';
register();
const { runLiveCli } = await import('./live-cli-main.ts');
process.exitCode = await runLiveCli(process.argv.slice(2));
