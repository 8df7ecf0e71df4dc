import { afterEach, describe, expect, it } from 'vitest';
import { markStep } from './marks.js';

afterEach(() => performance.clearMarks());

describe('the load step marks', () => {
  it('keeps the first mark of a step: the early script marks init-received when init comes, not the app later', () => {
    markStep('init-received', 40);
    markStep('init-received', 90);
    expect(performance.getEntriesByName('cardveil:init-received', 'mark').map((m) => m.startTime)).toEqual([40]);
  });
});
