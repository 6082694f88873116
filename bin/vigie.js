#!/usr/bin/env node
// The project runs on the Node 24 that `npm install` brings (package "node"); npx puts it first in PATH.
import { main } from '../src/cli.ts';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`${error?.name === 'ConfigError' ? error.message : `Erreur : ${error?.message}`}\n`);
    process.exitCode = 1;
  },
);
