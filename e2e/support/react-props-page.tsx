import { useState } from 'react';
import { createRoot } from 'react-dom/client';
import { CardDisplay, type CardDisplayProps } from '../../src/react/card-display.js';

/**
 * A merchant's React page whose `<CardDisplay>` props a spec sets from outside
 * (`window.__setProps`), served in place of the demo's React page script (integrator.spec.ts):
 * props a merchant corrects after the binding refused them. Everything else is the demo's:
 * its merchant, its card, its token route.
 */
type Settable = Pick<CardDisplayProps, 'appearance' | 'helloTimeoutMs'>;
const { merchantId, displayOrigin, cardId } = document.body.dataset as Record<string, string>;
const w = window as unknown as { __setProps(p: Settable): void; __events: string[]; __initialProps?: Settable };
w.__events = [];

async function fetchToken(): Promise<string> {
  const res = await fetch('/api/card-view-token', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ card_id: cardId, fields: ['pan'], locale: 'en_US' }),
  });
  const body = (await res.json()) as { code: number; data?: { client_access_token: string } };
  if (body.code !== 0 || !body.data) throw new Error(`token refused: ${body.code}`);
  return body.data.client_access_token;
}

function App() {
  const [props, setProps] = useState<Settable>(w.__initialProps ?? {});
  w.__setProps = (p) => setProps((old) => ({ ...old, ...p }));
  return (
    <CardDisplay
      {...props}
      merchantId={merchantId!}
      origin={displayOrigin!}
      fields={['pan']}
      getClientAccessToken={fetchToken}
      onReady={() => w.__events.push('ready')}
      onError={(e) => w.__events.push(`error ${e.code} ${e.reason ?? ''}`)}
    />
  );
}

createRoot(document.getElementById('app')!).render(<App />);
