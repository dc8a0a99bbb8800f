// `node -r ./bench/register.cjs bench/x.ts`: run TypeScript with the same swc settings as the tests.
// (Node ≥ 20.19 loads the ESM-only NestJS packages through require() by itself.)
const { readFileSync } = require('node:fs');
const transformer = require('../test/support/swc-transformer.cjs');

require.extensions['.ts'] = function (module, filename) {
  const { code } = transformer.process(readFileSync(filename, 'utf8'), filename);
  module._compile(code, filename);
};
