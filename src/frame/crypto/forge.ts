// Referenced, not imported: the subpath declarations must live in a script file, and
// tsconfig.node.json (tests) does not include src/frame/types on its own.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="../types/node-forge-subpaths.d.ts" />
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="../types/node-forge-extras.d.ts" />
/**
 * The one door to node-forge. Only what opens an envelope is loaded: OAEP decoding
 * (pkcs1, without the sha1 and random it requires for what the frame never does:
 * scripts/forge-decode-only.ts), SHA-256 and AES-GCM (without the other five block modes:
 * scripts/forge-gcm-only.ts), and of util.js only what those and the frame call
 * (scripts/forge-util-used-only.ts). Not jsbn: the RSA arithmetic runs on native BigInt
 * (rsa-oaep.ts). Not rsa.js: the key comes from
 * WebCrypto, or from our own BigInt generator where WebCrypto is missing
 * (keypair-fallback.ts), so forge's parser, asn1, oids and prime search are dead weight.
 * Order matters: each module registers itself on `forge`.
 */
import forge from 'node-forge/lib/forge.js';
import 'node-forge/lib/util.js';
import 'node-forge/lib/sha256.js';
import 'node-forge/lib/aes.js';
import 'node-forge/lib/pkcs1.js';

export { forge };
