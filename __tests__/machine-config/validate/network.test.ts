import { resolveNode } from '../../../constructs/machine-config/model';
import { renderNode } from '../../../constructs/machine-config/render';
import { cluster, errors, METAL_WORKER, vmCp, worker } from '../../helpers/declarations';

describe('multi-homed nodes (valid shapes that must pass)', () => {
  const dhcpPlusStorage = vmCp({ nics: [{ dhcp: true }, { bridge: 'vmbr1', addresses: ['10.10.10.8/24'] }] }, { address: '10.0.20.50' });

  it('accepts a VM with a DHCP management NIC and a static storage NIC, reached at its reservation', () => {
    expect(errors(cluster({}, [dhcpPlusStorage, METAL_WORKER]))).toEqual([]);
  });

  it('puts the VIP on the DHCP management link, not the storage link', () => {
    const decl = cluster({ vip: '10.0.20.10' }, [dhcpPlusStorage, METAL_WORKER]);
    expect(errors(decl)).toEqual([]);
    const cp = resolveNode(decl, decl.nodes[0]);
    expect(cp.vip).toEqual({ ip: '10.0.20.10', linkIndex: 0 });
    expect(cp.address).toBe('10.0.20.50');
    expect(renderNode(cp).documents).toContainEqual({ apiVersion: 'v1alpha1', kind: 'Layer2VIPConfig', name: '10.0.20.10', link: 'net0' });
  });

  it('fails when the DHCP management link leaves the address unknown, naming that link (not the storage link)', () => {
    const { address: _a, ...noAddress } = dhcpPlusStorage;
    expect(errors(cluster({}, [noAddress, METAL_WORKER]))).toEqual([
      "nodes['k8s-master'].address is unknown: the node's management link nodes['k8s-master'].vm.nics[0] takes its address from DHCP, so Terraform cannot know where to reach it; set address to the address the router reserves for the node (e.g. '10.0.20.102'), or give that link a static address",
    ]);
  });

  it('accepts a bare-metal node whose only address is on a VLAN of its first link', () => {
    const vlanOnly = worker({ links: [{ interface: 'eth0', vlans: [{ vlanId: 20, addresses: ['10.0.20.102/24'] }] }] });
    const decl = cluster({}, [vmCp({}), vlanOnly]);
    expect(errors(decl)).toEqual([]);
    expect(resolveNode(decl, decl.nodes[1]).address).toBe('10.0.20.102');
  });

  it('names the address that is off the gateway\'s subnet, on whichever link it is', () => {
    const storageFirst = worker({ links: [{ interface: 'eth0', vlans: [{ vlanId: 30, addresses: ['10.0.30.5/24'] }] }] });
    expect(errors(cluster({}, [vmCp({}), storageFirst]))).toContain(
      "nodes['k8s-node2'].links[0].vlans[0].addresses[0] '10.0.30.5/24' is outside the subnet of the cluster gateway '10.0.20.1', so the node would have no default route: fix the address or prefix, or give the link its own gateway",
    );
  });

  it('takes the gateway\'s subnet from any link: a storage link first and the LAN second is fine', () => {
    const twoLinks = worker({ links: [{ interface: 'eth1', addresses: ['10.10.10.9/24'] }, { interface: 'eth0', addresses: ['10.0.20.102/24'] }], address: '10.0.20.102' });
    expect(errors(cluster({}, [vmCp({}), twoLinks]))).toEqual([]);
  });
});
