import { StrictMode, useMemo, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { CardDisplay, type CardDisplayProps } from '../../src/react/card-display.js';
import type { CardDisplay as Display } from '../../src/sdk/index.js';

/**
 * A merchant's React page whose `<CardDisplay>` props a spec sets from outside
 * (`window.__setProps`), served in place of the demo's React page script (integrator.spec.ts):
 * props a merchant corrects after the binding refused them, a `displayRef` that changes.
 * Everything else is the demo's: its merchant, its card, its token route.
 */
type Settable = Pick<CardDisplayProps, 'appearance' | 'helloTimeoutMs' | 'clientAccessToken' | 'autoHideSeconds'> & {
  /** a `displayRef` that logs under this name, and keeps the display it is given (`__displays`) */
  refName?: string;
};
const { merchantId, displayOrigin, cardId } = document.body.dataset as Record<string, string>;
const w = window as unknown as {
  __setProps(p: Settable): void;
  __events: string[];
  __initialProps?: Settable;
  __displays: Record<string, Display>;
};
w.__events = [];
(window as unknown as { __fetchToken(): Promise<string> }).__fetchToken = () => fetchToken();
w.__displays = {};

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
  const { refName, ...options } = props;
  // one function per name: a new name is a new displayRef, a render alone is not
  const displayRef = useMemo(
    () =>
      refName === undefined
        ? undefined
        : (d: Display | null) => {
            w.__events.push(`${refName} ${d ? 'display' : 'null'}`);
            if (d) w.__displays[refName] = d;
          },
    [refName],
  );
  return (
    <CardDisplay
      {...options}
      displayRef={displayRef}
      merchantId={merchantId!}
      origin={displayOrigin!}
      fields={['pan']}
      getClientAccessToken={fetchToken}
      onReady={() => w.__events.push('ready')}
      onError={(e) => w.__events.push(`error ${e.code} ${e.reason ?? ''}`)}
    />
  );
}

// StrictMode as a merchant's app has it: in a development build, every effect runs twice
createRoot(document.getElementById('app')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
