// Lets node run our TypeScript directly (CLIs, benchmarks, scripts):
//   node -r ./scripts/ts-register.js tools/draw.ts
// swc compiles each .ts file with decorator metadata (Nest needs it), and the
// @yunzhao/* path aliases resolve to libs/*/src as in tsconfig.json.
const Module = require('module');
const path = require('path');
const fs = require('fs');
const { transformSync } = require('@swc/core');

const root = path.resolve(__dirname, '..');
const swcOptions = JSON.parse(fs.readFileSync(path.join(root, '.swcrc.jest.json'), 'utf8'));
const libs = new Set(fs.readdirSync(path.join(root, 'libs')));

const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const m = /^@yunzhao\/([a-z-]+)$/.exec(request);
  if (m && libs.has(m[1])) request = path.join(root, 'libs', m[1], 'src');
  return resolve.call(this, request, ...rest);
};

for (const ext of ['.ts', '.tsx']) {
  Module._extensions[ext] = function (module, filename) {
    const source = fs.readFileSync(filename, 'utf8');
    const { code } = transformSync(source, {
      ...swcOptions,
      filename,
      swcrc: false,
      sourceMaps: 'inline',
    });
    module._compile(code, filename);
  };
}
