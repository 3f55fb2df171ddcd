module.exports = {
  ...require('../jest.preset.js'),
  roots: ['<rootDir>'],
  testMatch: ['**/*.e2e.ts'],
  // Each suite starts real servers; two at a time on a 2-core machine.
  maxWorkers: 2,
  testTimeout: 60_000,
};
