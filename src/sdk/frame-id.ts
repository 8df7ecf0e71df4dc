/**
 * A frame id: 16 bytes from the CSPRNG, base64url, 22 characters (matches `isOpaqueId`).
 * The frame echoes it in `hello`, so the parent can tell its own frame's hello from any
 * other; it must not be guessable, hence never Math.random.
 */
export function createFrameId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}
