import { BlockList, isIP } from 'node:net';

/** Whether `ip` falls inside any of the CIDR ranges (or exact addresses) of an allow-list. */
export function ipAllowed(ip: string, allow: readonly string[]): boolean {
  if (allow.length === 0) return true;
  const list = new BlockList();
  for (const entry of allow) {
    const [addr = '', prefix] = entry.split('/');
    const type = isIP(addr) === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) list.addAddress(addr, type);
    else list.addSubnet(addr, Number(prefix), type);
  }
  const plain = ip.startsWith('::ffff:') ? ip.slice(7) : ip;
  return list.check(plain, isIP(plain) === 6 ? 'ipv6' : 'ipv4');
}

export function isCidr(entry: string): boolean {
  const [addr = '', prefix, extra] = entry.split('/');
  const family = isIP(addr);
  if (!family || extra !== undefined) return false;
  if (prefix === undefined) return true;
  const n = Number(prefix);
  return /^\d+$/.test(prefix) && n >= 0 && n <= (family === 4 ? 32 : 128);
}
