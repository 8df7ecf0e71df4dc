import { describe, expect, it } from 'vitest';
import { appearanceChange } from './appearance-change.js';

describe('appearanceChange', () => {
  it('sets what the new prop has, and puts back to the default what it dropped', () => {
    expect(appearanceChange({ theme: 'dark', colorBackground: '#000000' }, { theme: 'light' })).toEqual({
      theme: 'light',
      colorBackground: null,
    });
  });

  it('resets every token when the prop goes away, and sends the prop whole at first', () => {
    expect(appearanceChange({ radius: 4, fontSize: 14 }, undefined)).toEqual({ radius: null, fontSize: null });
    expect(appearanceChange(undefined, { radius: 4 })).toEqual({ radius: 4 });
  });
});
