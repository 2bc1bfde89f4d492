// Runs services and the CLI straight from TypeScript: SWC compiles (with decorator metadata for Nest) and
// tsconfig-paths resolves the @ksb/* aliases of tsconfig.base.json, as jest does through jest.preset.js.
const { join } = require('node:path');
process.env.TS_NODE_PROJECT = process.env.TS_NODE_PROJECT || join(__dirname, '..', 'tsconfig.base.json');
process.env.SWCRC = 'true';
require('tsconfig-paths').register({
  baseUrl: join(__dirname, '..'),
  paths: require('../tsconfig.base.json').compilerOptions.paths,
});
require('@swc-node/register');
