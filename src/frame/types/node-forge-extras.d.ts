// What the frame calls in node-forge and @types/node-forge leaves out.
export {};

declare module 'node-forge' {
  namespace pkcs1 {
    interface OaepOptions {
      label?: string;
      md?: md.MessageDigest;
      mgf1?: { md?: md.MessageDigest };
    }
    /** RFC 8017 §7.1.2 step 3: EME-OAEP decoding of a k-byte encoded message; throws on bad padding. */
    function decode_rsa_oaep(key: { n: { bitLength(): number } }, em: string, options?: OaepOptions): string;
  }
}
