#!/usr/bin/env node
import { prestartAuditThreads } from './monitor/audit-threads.js';

// A MONITOR log's audit thread starts now, before this thread loads the CLI: the thread's start (about 200 ms)
// is what a small log waits for. `runAudit` takes it, or more.
const [command, ...rest] = process.argv.slice(2);
if (command === 'audit' && rest.includes('--monitor') && !rest.includes('--live')) prestartAuditThreads(1);

const { endQuietlyWhenStdoutCloses } = await import('./util/closed-stdout.js');
const { handleError } = await import('./util/handle-error.js');
const { main } = await import('./main.js');
endQuietlyWhenStdoutCloses();
main(process.argv).catch(handleError);
