import { userInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import { operatorName } from './audit-admin.js';

describe('the operator an admin command is audited under', () => {
  const user = userInfo().username;

  it('is the OS user running the CLI', () => {
    expect(operatorName({}, 1000)).toBe(user);
  });

  it('names the person behind sudo, not only the account they became', () => {
    expect(operatorName({ SUDO_USER: 'alice' }, 0)).toBe(user === 'alice' ? 'alice' : `alice (sudo as ${user})`);
    expect(operatorName({ SUDO_USER: user }, 0)).toBe(user);
  });

  it('takes no one’s word for it but sudo’s: SUDO_USER set by a user who is not root is not believed', () => {
    expect(operatorName({ SUDO_USER: 'alice' }, 1000)).toBe(user);
  });
});
