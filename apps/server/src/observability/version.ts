// eslint-disable-next-line @typescript-eslint/no-require-imports
export const SERVER_VERSION: string = require('../../package.json').version;
