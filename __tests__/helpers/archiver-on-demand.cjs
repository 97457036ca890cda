/**
 * `archiver` for the tests, loaded when it is first called rather than when cdktf loads (jest.config.js maps the
 * module name here). cdktf 0.21 requires it at load (lib/private/fs.js) to zip `AssetType.ARCHIVE` assets, which the
 * library never creates; loading it and its dependencies through jest's module registry cost every test file about
 * 60 ms. The real module, resolved from cdktf as cdktf resolves it, does the work when asked.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');

/** The directory node would find `archiver` in from cdktf (every require of the name itself is mapped here). */
function archiverDir() {
  for (let dir = path.dirname(require.resolve('cdktf')); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', 'archiver');
    if (fs.existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (path.dirname(dir) === dir) throw new Error('archiver is not installed where cdktf would find it');
  }
}

let real;
module.exports = function archiver(...args) {
  real ??= require(archiverDir());
  return real(...args);
};
