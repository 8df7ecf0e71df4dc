/**
 * A frame id: five 32-bit words from the CSPRNG (160 bits), in decimal, joined by `_`:
 * 9 to 54 characters that `isOpaqueId` accepts. The frame echoes it in `hello`, so the
 * parent can tell its own frame's hello from any other; it must not be guessable,
 * hence only the CSPRNG (crypto.getRandomValues). Decimal rather than base64url: the same strength in a third
 * of the SDK's code for it.
 */
export function createFrameId(): string {
  return crypto.getRandomValues(new Uint32Array(5)).join('_');
}
