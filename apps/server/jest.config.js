module.exports = {
  ...require('../../jest.preset.js'),
  roots: ['<rootDir>/src'],
  testMatch: ['**/*.spec.ts'],
  setupFiles: ['reflect-metadata'],
};
