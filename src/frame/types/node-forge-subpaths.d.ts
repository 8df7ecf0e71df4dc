/**
 * The frame imports node-forge module by module (NOTES.md: the whole package weighs
 * ~80 KB gzip against a 115 KB budget). Each subpath registers itself on the one
 * object `lib/forge` exports, so that object is typed as the whole package.
 * (A script file, not a module, so these declare modules rather than augment them.)
 */
declare module 'node-forge/lib/forge.js' {
  import * as forge from 'node-forge';
  export default forge;
}
declare module 'node-forge/lib/util.js';
declare module 'node-forge/lib/sha256.js';
declare module 'node-forge/lib/aes.js';
declare module 'node-forge/lib/pkcs1.js';
