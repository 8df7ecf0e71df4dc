import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const page = (name: string): string => readFileSync(new URL(`./${name}`, import.meta.url), 'utf8');

describe('the frame’s pages', () => {
  it.each(['embed.html', 'hosted.html'])(
    'ask a browser’s translation service to leave %s alone: it would be sent the values',
    (name) => {
      expect(page(name)).toContain('<meta name="google" content="notranslate" />');
    },
  );

  it('keep <meta charset> first in embed.html, the build’s early script right after it (vite.config.ts)', () => {
    expect(page('embed.html')).toMatch(/<head>\s*<meta charset="utf-8" \/>/);
  });
});
