#!/usr/bin/env node
import { main } from './main.js';
import { handleError } from './util/handle-error.js';

main(process.argv).catch(handleError);
