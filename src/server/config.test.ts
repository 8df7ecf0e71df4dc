import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('configuration', () => {
  it('derives the public origin from host and port', () => {
    expect(loadConfig({ PORT: '9000' }).PUBLIC_ORIGIN).toBe('http://127.0.0.1:9000');
  });

  it('stops with a sentence naming each bad variable', () => {
    expect(() => loadConfig({ PORT: 'eighty', PUBLIC_ORIGIN: 'http://x.example/path' })).toThrow(ConfigError);
    try {
      loadConfig({ PORT: 'eighty', PUBLIC_ORIGIN: 'http://x.example/path', CARDVEIL_DATA_KEY: 'short' });
    } catch (e) {
      const text = (e as Error).message;
      expect(text).toContain('PORT');
      expect(text).toContain('PUBLIC_ORIGIN: must be an origin');
      expect(text).toContain('CARDVEIL_DATA_KEY');
    }
  });
});
