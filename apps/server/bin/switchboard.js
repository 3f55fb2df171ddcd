#!/usr/bin/env node
// `npx switchboard`: the admin CLI (src/cli). This launcher is committed, not built, so that npm
// links it into node_modules/.bin at install time, before dist/ exists.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const main = join(__dirname, '..', 'dist', 'cli', 'main.js');
if (!existsSync(main)) {
  process.stderr.write('switchboard: the server is not built yet: run "npm run build" at the repository root first\n');
  process.exit(1);
}
require(main);
