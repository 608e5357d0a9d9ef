#!/usr/bin/env node
import { main } from './main.js';
import { endQuietlyWhenStdoutCloses } from './util/closed-stdout.js';
import { handleError } from './util/handle-error.js';

endQuietlyWhenStdoutCloses();
main(process.argv).catch(handleError);
