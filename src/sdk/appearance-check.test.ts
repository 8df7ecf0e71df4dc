import { describe, expect, it } from 'vitest';
import { checkAppearance, FONT_STACKS } from '../shared/appearance.js';
import { checkAppearanceOption } from './appearance-check.js';
import { CardveilError } from './errors.js';

function sdkAccepts(value: unknown): boolean {
  try {
    checkAppearanceOption(value);
    return true;
  } catch (error) {
    expect(error).toBeInstanceOf(CardveilError);
    expect((error as CardveilError).code).toBe(1004);
    return false;
  }
}

const accepted: unknown[] = [
  undefined,
  {},
  { theme: 'light' },
  { theme: 'dark' },
  { theme: 'auto' },
  { colorText: '#123' },
  { colorText: '#1234' },
  { colorBackground: '#1a1f36' },
  { colorAccent: '#1A1F36CC' },
  ...Object.keys(FONT_STACKS).map((fontFamily) => ({ fontFamily })),
  { fontSize: 12 },
  { fontSize: 22 },
  { fontSize: 14.5 },
  { radius: 0 },
  { radius: 24 },
  { spacing: 4 },
  { spacing: 24 },
  {
    theme: 'dark',
    colorText: '#fff',
    colorBackground: '#000',
    colorAccent: '#0af',
    fontFamily: 'mono',
    fontSize: 16,
    radius: 8,
    spacing: 12,
  },
];

const refused: [string, unknown][] = [
  ['a url( value', { colorBackground: 'url(https://evil.example/pixel.png)' }],
  ['an @import', { fontFamily: '@import url(https://evil.example/font.css)' }],
  ['an unknown key', { backgroundImage: 'none' }],
  ['a raw CSS key', { css: 'body { display: none }' }],
  ['a __proto__ key', JSON.parse('{"__proto__": {"theme": "dark"}}')],
  ['a constructor key', { constructor: 'x' }],
  ['a color with a trailing declaration', { colorText: '#fff; background: url(x)' }],
  ['a named color', { colorText: 'red' }],
  ['an rgb() color', { colorText: 'rgb(0,0,0)' }],
  ['a 5-digit hex color', { colorText: '#12345' }],
  ['a font stack instead of a font name', { fontFamily: 'Arial, sans-serif' }],
  ['an inherited property name as a font', { fontFamily: 'toString' }],
  ['an unknown theme', { theme: 'sepia' }],
  ['a font size below the range', { fontSize: 11 }],
  ['a font size above the range', { fontSize: 23 }],
  ['a font size with a unit', { fontSize: '16px' }],
  ['a radius of NaN', { radius: NaN }],
  ['a spacing of Infinity', { spacing: Infinity }],
  ['a negative radius', { radius: -1 }],
  ['a list', ['theme', 'dark']],
  ['a string', 'theme: dark'],
  ['null', null],
];

describe('checkAppearanceOption', () => {
  it.each(accepted.map((value) => [JSON.stringify(value), value]))('accepts %s', (_, value) => {
    expect(sdkAccepts(value)).toBe(true);
  });

  it.each(refused)('refuses %s with a CardveilError 1004', (_, value) => {
    expect(sdkAccepts(value)).toBe(false);
  });

  it('names the offending token in the reason', () => {
    expect(() => checkAppearanceOption({ colorBackground: 'url(x)' })).toThrow(/appearance\.colorBackground: expected/);
    expect(() => checkAppearanceOption({ unknownToken: 1 })).toThrow(/appearance\.unknownToken: expected a known token/);
    expect(() => checkAppearanceOption({ fontSize: 40 })).toThrow(/appearance\.fontSize: expected pixels from 12 to 22/);
  });

  it('returns a copy, so later changes to the merchant’s object do not reach the frame', () => {
    const appearance = { theme: 'dark' };
    const checked = checkAppearanceOption(appearance);
    appearance.theme = 'url(x)';
    expect(checked).toEqual({ theme: 'dark' });
  });

  // The SDK restates the shared allow-list to stay within its size budget; this is the
  // guard that the two never drift apart.
  it('accepts and refuses exactly what shared checkAppearance does', () => {
    for (const value of [...accepted, ...refused.map(([, value]) => value)]) {
      expect(sdkAccepts(value), JSON.stringify(value)).toBe(checkAppearance(value).ok);
    }
  });
});
