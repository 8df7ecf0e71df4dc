import { describe, expect, it, vi } from 'vitest';
import { createOnceStore } from './once-store.js';

describe('the once store', () => {
  it('runs a job once per key however often it is asked', async () => {
    const store = createOnceStore<number>();
    const job = vi.fn(async () => 42);
    store.run('tok', job);
    store.run('tok', job);
    expect(store.get('tok')).toEqual({ status: 'pending' });
    await Promise.resolve();
    store.run('tok', job);
    expect(job).toHaveBeenCalledOnce();
    expect(store.get('tok')).toEqual({ status: 'success', data: 42 });
  });

  it('remembers a failure and never retries it', async () => {
    const store = createOnceStore<number>();
    const job = vi.fn(async () => {
      throw new Error('1014');
    });
    const listener = vi.fn();
    store.subscribe(listener);
    store.run('tok', job);
    await new Promise((r) => setTimeout(r, 0));
    store.run('tok', job);
    expect(job).toHaveBeenCalledOnce();
    expect(store.get('tok')).toMatchObject({ status: 'error', error: { message: '1014' } });
    expect(listener).toHaveBeenCalledTimes(2);
  });
});
