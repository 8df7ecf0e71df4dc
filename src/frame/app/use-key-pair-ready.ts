import { useEffect, useState } from 'react';
import type { FrameKeyPair } from '../crypto/keypair.js';

/**
 * Whether the frame's key pair is in hand. Until it is, a slow load is the key's own search
 * (a device without WebCrypto), which a fresh frame would start again from zero: the
 * loading state offers its Retry only after (frame-app.tsx). A pair that failed never is.
 */
export function useKeyPairReady(keyPair: Promise<FrameKeyPair>): boolean {
  const [ready, setReady] = useState(false);
  useEffect(() => {
    let live = true;
    keyPair.then(
      () => live && setReady(true),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [keyPair]);
  return ready;
}
