/** The page's #root, which must exist: a missing one is a broken build, said plainly. */
export function mountPoint(): HTMLElement {
  const root = document.getElementById('root');
  if (!root) throw new Error('Cardveil frame: the page has no <div id="root">.');
  return root;
}
