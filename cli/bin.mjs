#!/usr/bin/env node
// Entry shim: loads tsx so the TypeScript CLI runs without a build step.
import { register } from 'tsx/esm/api';
register();
const { endQuietlyOnClosedPipe } = await import('./lib/closed-pipe.ts');
endQuietlyOnClosedPipe(); // a closed stdout/stderr (`| head`) ends quietly with 141, as Unix tools do
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
