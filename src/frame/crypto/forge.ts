// Referenced, not imported: the subpath declarations must live in a script file, and
// tsconfig.node.json (tests) does not include src/frame/types on its own.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="../types/node-forge-subpaths.d.ts" />
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="../types/node-forge-steps.d.ts" />
/**
 * The one door to node-forge. Only the modules that unwrap RSA-OAEP and open AES-GCM
 * are loaded (NOTES.md: `lib/forge` + `lib/rsa` ≈ 32.5 KB gzip; the whole package ≈ 80 KB).
 * rsa.js already pulls in asn1, util, sha256 and aes; they are named here because this
 * folder calls them directly. Order matters: each module registers itself on `forge`.
 */
import type { pki } from 'node-forge';
import forge from 'node-forge/lib/forge.js';
import 'node-forge/lib/util.js';
import 'node-forge/lib/asn1.js';
import 'node-forge/lib/sha256.js';
import 'node-forge/lib/aes.js';
import 'node-forge/lib/rsa.js';

export { forge };
export type RsaPrivateKey = pki.rsa.PrivateKey;
