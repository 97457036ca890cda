import { cloudInitIpConfig } from '../../constructs/machine-config/vm';

// bpg/proxmox v0.111.1 proxmoxtf/resource/vm/vm.go: `ipv4` becomes ip=/gw=, `ipv6` ip6=/gw6=; an absent block writes
// nothing for its family.
describe('cloud-init IP configuration of a VM NIC', () => {
  it.each([
    [{ addresses: ['10.0.20.102/24'] }, '10.0.20.1', { ipv4: { address: '10.0.20.102/24', gateway: '10.0.20.1' } }],
    [{ addresses: ['10.0.20.102/24'] }, undefined, { ipv4: { address: '10.0.20.102/24' } }],
    [{ dhcp: true }, undefined, { ipv4: { address: 'dhcp' } }],
    [{}, undefined, { ipv4: { address: 'dhcp' } }],
    // IPv6-only: its address, and no DHCPv4 that would never answer.
    [{ addresses: ['2001:db8:20::102/64'] }, '2001:db8:20::1', { ipv6: { address: '2001:db8:20::102/64', gateway: '2001:db8:20::1' } }],
    [{ addresses: ['2001:db8:20::102/64'] }, undefined, { ipv6: { address: '2001:db8:20::102/64' } }],
    // Dual stack: both families, the gateway in the family it belongs to.
    [{ addresses: ['10.0.20.102/24', '2001:db8:20::102/64'] }, '10.0.20.1', { ipv4: { address: '10.0.20.102/24', gateway: '10.0.20.1' }, ipv6: { address: '2001:db8:20::102/64' } }],
    [{ addresses: ['2001:db8:20::102/64'], dhcp: true }, undefined, { ipv4: { address: 'dhcp' }, ipv6: { address: '2001:db8:20::102/64' } }],
  ])('%j with gateway %p', (nic, gateway, expected) => {
    expect(cloudInitIpConfig(nic, gateway)).toEqual(expected);
  });
});
