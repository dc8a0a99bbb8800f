import { AddressGuard, parsePrivateAllowance } from './address-guard';

describe('AddressGuard', () => {
  const strict = new AddressGuard(false);

  it.each([
    ['127.0.0.1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.20.0.1', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['100.64.0.1', 'CGNAT'],
    ['0.0.0.0', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['::1', 'loopback'],
    ['fd00::1', 'unique-local'],
    ['fe80::1', 'link-local'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['[::1]', 'loopback'],
  ])('refuses %s (%s) by default', (address, why) => {
    expect(strict.refusal(address)).toContain(why);
  });

  it.each(['93.184.216.34', '8.8.8.8', '2606:4700::1111', '172.32.0.1'])('lets public %s through', (address) => {
    expect(strict.refusal(address)).toBeNull();
  });

  it('allows everything with true, and only the listed ranges with a list', () => {
    expect(new AddressGuard(true).refusal('127.0.0.1')).toBeNull();
    const list = new AddressGuard(['127.0.0.0/8', '10.0.0.5']);
    expect(list.refusal('127.0.0.1')).toBeNull();
    expect(list.refusal('10.0.0.5')).toBeNull();
    expect(list.refusal('10.0.0.6')).toContain('private');
    expect(list.refusal('::1')).toContain('loopback');
  });

  it('parses WEBHOOK_ALLOW_PRIVATE', () => {
    expect(parsePrivateAllowance(undefined)).toBe(false);
    expect(parsePrivateAllowance('true')).toBe(true);
    expect(parsePrivateAllowance('127.0.0.0/8, ::1')).toEqual(['127.0.0.0/8', '::1']);
    expect(parsePrivateAllowance('10.0.0.0/33')).toHaveProperty('error');
    expect(parsePrivateAllowance('intranet')).toHaveProperty('error');
  });
});
