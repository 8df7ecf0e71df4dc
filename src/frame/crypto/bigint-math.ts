/**
 * The frame's RSA arithmetic on native BigInt, shared by the decryption (rsa-oaep.ts) and
 * the no-WebCrypto key generator (rsa-keygen.ts). None of it is constant-time: the
 * decryption blinds its input, and the generator's numbers never meet an attacker's.
 */

/** A big-endian unsigned integer. */
export const big = (bytes: Uint8Array): bigint =>
  BigInt(`0x${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('') || '0'}`);

/** Big-endian bytes of a non-negative integer, without leading zero bytes (one zero byte for 0). */
export function bytesOf(x: bigint): Uint8Array {
  const hex = x.toString(16);
  return Uint8Array.from((hex.length % 2 ? `0${hex}` : hex).match(/../g)!, (byte) => parseInt(byte, 16));
}

export const bitLength = (x: bigint): number => (x === 0n ? 0 : x.toString(2).length);

/** x^e mod m, left to right with a sliding window of 5 bits (RFC 8017 leaves the method open). */
export function modPow(x: bigint, e: bigint, m: bigint): bigint {
  const base = x % m;
  const square = (base * base) % m;
  const odd = [base]; // base^1, base^3, ... base^31
  for (let i = 1; i < 16; i++) odd.push((odd[i - 1]! * square) % m);
  const bits = e.toString(2);
  let result = 1n;
  for (let i = 0; i < bits.length;) {
    if (bits[i] === '0') {
      result = (result * result) % m;
      i++;
      continue;
    }
    // the longest window of at most 5 bits from here that ends in a 1
    let end = Math.min(i + 5, bits.length);
    while (bits[end - 1] === '0') end--;
    for (let k = i; k < end; k++) result = (result * result) % m;
    result = (result * odd[parseInt(bits.slice(i, end), 2) >> 1]!) % m;
    i = end;
  }
  return result;
}

export function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/** a^-1 mod m by the extended Euclidean algorithm; 0n when there is none. */
export function modInverse(a: bigint, m: bigint): bigint {
  let [r0, r1, s0, s1] = [m, a, 0n, 1n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1, s0, s1] = [r1, r0 - q * r1, s1, s0 - q * s1];
  }
  return r0 === 1n ? ((s0 % m) + m) % m : 0n;
}
