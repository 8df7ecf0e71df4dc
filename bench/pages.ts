import { createServer, type Server } from 'node:http';

/**
 * The bench's own pages, on two more loopback ports (both cross-origin to the display
 * server, and to each other):
 *
 * - merchant origin, `/mount`: loads `<display>/sdk/v1/cardveil.js` in <head>;
 *   `window.__mount(token, fields)` calls `Cardveil.mount()` with a token minted in Node
 *   and resolves with the time from the mount() call to onReady (performance.now()).
 * - merchant origin, `/baseline`: `window.__baseline()` appends a bare
 *   `<iframe src="<baseline origin>/frame">` and resolves when that frame posts "done".
 * - baseline origin, `/frame`: a minimal HTML document whose one inline script does
 *   `fetch('<display>/healthz', {mode: 'no-cors', cache: 'no-store'})` and, once the
 *   response arrived, `parent.postMessage('done', '*')`.
 *
 * Both measurements start at the same point (the page's call) and end at a message
 * from a cross-origin frame that made one request to the display server.
 */
export interface Pages {
  merchantOrigin: string;
  baselineOrigin: string;
  close(): Promise<void>;
}

const TIMEOUT_MS = 15_000;

function mountPage(display: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>bench merchant</title>
<script src="${display}/sdk/v1/cardveil.js"></script></head>
<body><h1>Card</h1><div id="card"></div><script>
window.__mount = (token, fields) => new Promise((resolve, reject) => {
  const merchantId = new URLSearchParams(location.search).get('merchant_id');
  const timer = setTimeout(() => reject(new Error('no onReady within ${TIMEOUT_MS} ms')), ${TIMEOUT_MS});
  const t0 = performance.now();
  window.__display = Cardveil.mount('#card', {
    merchantId, clientAccessToken: token, fields, locale: 'en_US',
    onReady: () => {
      const t1 = performance.now();
      clearTimeout(timer);
      resolve({ ms: t1 - t0, t0Abs: performance.timeOrigin + t0, readyAbs: performance.timeOrigin + t1 });
    },
    onError: (e) => { clearTimeout(timer); reject(new Error('onError ' + e.code + ' ' + (e.reason || '') + ' ' + e.message)); },
  });
});
</script></body></html>`;
}

function baselineParent(baselineOrigin: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>bench baseline</title></head>
<body><h1>Card</h1><div id="card"></div><script>
window.__baseline = () => new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error('no message within ${TIMEOUT_MS} ms')), ${TIMEOUT_MS});
  const t0 = performance.now();
  const f = document.createElement('iframe');
  f.title = 'baseline';
  f.src = '${baselineOrigin}/frame';
  window.addEventListener('message', function on(e) {
    if (e.origin !== '${baselineOrigin}' || e.source !== f.contentWindow || e.data !== 'done') return;
    const t1 = performance.now();
    window.removeEventListener('message', on);
    clearTimeout(timer);
    resolve({ ms: t1 - t0, t0Abs: performance.timeOrigin + t0, readyAbs: performance.timeOrigin + t1 });
  });
  document.getElementById('card').appendChild(f);
});
</script></body></html>`;
}

function baselineFrame(display: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>baseline frame</title></head><body><script>
fetch('${display}/healthz', { mode: 'no-cors', cache: 'no-store', credentials: 'omit' })
  .then(() => parent.postMessage('done', '*'), () => parent.postMessage('failed', '*'));
</script></body></html>`;
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((res, rej) => {
    server.once('error', rej);
    server.listen(port, '127.0.0.1', () => res());
  });
}

export async function startPages(display: string, merchantPort: number, baselinePort: number): Promise<Pages> {
  const merchantOrigin = `http://127.0.0.1:${merchantPort}`;
  const baselineOrigin = `http://127.0.0.1:${baselinePort}`;
  const html = (body: string) => ({ 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', body });
  const routes: Record<string, Record<string, ReturnType<typeof html>>> = {
    merchant: { '/mount': html(mountPage(display)), '/baseline': html(baselineParent(baselineOrigin)) },
    baseline: { '/frame': html(baselineFrame(display)) },
  };
  const make = (name: 'merchant' | 'baseline') =>
    createServer((req, res) => {
      const page = routes[name]![new URL(req.url ?? '/', 'http://x').pathname];
      if (!page) return res.writeHead(404).end();
      const { body, ...headers } = page;
      res.writeHead(200, headers).end(body);
    });
  const servers = [make('merchant'), make('baseline')];
  await listen(servers[0]!, merchantPort);
  await listen(servers[1]!, baselinePort);
  return {
    merchantOrigin,
    baselineOrigin,
    close: async () => {
      for (const s of servers) s.closeAllConnections();
      await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
    },
  };
}
