// Every suite runs once as it is, and once more with each server on Redis (E2E_REDIS_URL), so the
// single-node behaviour is checked with the cluster port's Redis implementation too. The cluster
// suites need Redis themselves and run in the first pass only.
const { execFileSync } = require('node:child_process');
const { reporters, ...preset } = require('../jest.preset.js');

const REDIS_URL = process.env.E2E_REDIS_URL || 'redis://127.0.0.1:6379';

function redisAnswers(url) {
  const { hostname, port } = new URL(url);
  const probe = `const s=require('net').connect(${Number(port) || 6379},'${hostname}');s.on('connect',()=>process.exit(0));s.on('error',()=>process.exit(1));setTimeout(()=>process.exit(1),1000)`;
  try {
    execFileSync(process.execPath, ['-e', probe], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const base = {
  ...preset,
  rootDir: __dirname,
  roots: ['<rootDir>'],
  testMatch: ['**/*.e2e.ts'],
};

const projects = [{ ...base, displayName: 'e2e' }];
if (redisAnswers(REDIS_URL)) {
  process.env.E2E_REDIS_AVAILABLE = '1';
  projects.push({ ...base, displayName: 'e2e on Redis', testPathIgnorePatterns: ['/cluster/'], setupFiles: ['<rootDir>/harness/redis-pass.js'] });
} else if (process.env.CI === 'true') {
  throw new Error(`Redis does not answer at ${REDIS_URL}: CI needs it for the cluster suites and the Redis pass`);
} else {
  process.stderr.write(`Redis does not answer at ${REDIS_URL}: the cluster suites and the Redis pass are skipped.\n`);
}

module.exports = {
  reporters,
  projects,
  testTimeout: 60_000,
  // Each suite starts real servers; two at a time on a 2-core machine.
  maxWorkers: 2,
};
