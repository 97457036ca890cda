import { InstallDisk } from '../../../constructs/machine-config/settings';
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

describe('addresses that are not host addresses', () => {
  const at = (addresses: string[]): string[] => errors(cluster({ network: { gateway: '10.0.20.1' } }, [vmCp({}), worker({ links: [{ interface: 'eth0', addresses }] })]));

  it.each([
    ['10.0.20.0/24', "nodes['k8s-node2'].links[0].addresses[0] '10.0.20.0/24' is the network address of 10.0.20.0/24, not a host address: pick a host address of the subnet (/31 and /32 links have no network or broadcast address)"],
    ['10.0.20.255/24', "nodes['k8s-node2'].links[0].addresses[0] '10.0.20.255/24' is the broadcast address of 10.0.20.0/24, not a host address: pick a host address of the subnet (/31 and /32 links have no network or broadcast address)"],
    ['10.0.20.102/0', "nodes['k8s-node2'].links[0].addresses[0] '10.0.20.102/0' has prefix length 0, which would put every address on this link: write the length of the subnet's prefix, like '10.0.20.102/24'"],
    ['127.0.0.2/8', "nodes['k8s-node2'].links[0].addresses[0] '127.0.0.2/8' is a loopback address, not a host address: pick a host address of the subnet (/31 and /32 links have no network or broadcast address)"],
    ['224.0.0.5/24', "nodes['k8s-node2'].links[0].addresses[0] '224.0.0.5/24' is a multicast address, not a host address: pick a host address of the subnet (/31 and /32 links have no network or broadcast address)"],
    ['2001:db8::/64', "nodes['k8s-node2'].links[0].addresses[0] '2001:db8::/64' is the subnet-router anycast address of 2001:db8::/64, not a host address: pick a host address of the subnet (/31 and /32 links have no network or broadcast address)"],
  ])('fails when a node address is %s', (address, message) => {
    expect(at(['10.0.20.102/24', address])).toContain(message.replace('addresses[0]', 'addresses[1]'));
  });

  it.each(['10.0.20.102/24', '10.0.21.102/32', '10.0.21.0/31', '10.0.21.1/31', '2001:db8::2/64', '2001:db8::/127', '2001:db8::1/128', '169.254.10.1/16'])(
    'accepts the host address %s (RFC 3021 /31 and RFC 6164 /127 point-to-point links included)', (address) => {
      const m = at(['10.0.20.102/24', ...(address === '10.0.20.102/24' ? [] : [address])]).filter((x) => x.includes(address));
      expect(m).toEqual([]);
    });

  it('fails when the VIP is the network or broadcast address of the control planes\' subnet, or a multicast address', () => {
    expect(errors(cluster({ vip: '10.0.20.255' }))).toEqual(["vip '10.0.20.255' is the broadcast address of 10.0.20.0/24, not a host address: pick a free host address in the control planes' subnet"]);
    expect(errors(cluster({ vip: '10.0.20.0' }))).toEqual(["vip '10.0.20.0' is the network address of 10.0.20.0/24, not a host address: pick a free host address in the control planes' subnet"]);
    expect(errors(cluster({ vip: '239.1.1.1' }))).toEqual(["vip '239.1.1.1' is a multicast address, not a host address: pick a free host address in the control planes' subnet"]);
    expect(errors(cluster({ vip: '10.0.20.254' }))).toEqual([]);
  });

  it('fails when the endpoint host is no host\'s address, and accepts names and host addresses', () => {
    expect(errors(cluster({ endpoint: 'https://10.0.20.255:6443' }))).toEqual(["endpoint 'https://10.0.20.255:6443' is the broadcast address of 10.0.20.0/24, not a host address: point it at the VIP, a control plane's address or a DNS name, like 'https://10.0.20.100:6443'"]);
    expect(errors(cluster({ endpoint: 'https://0.0.0.0:6443' }))).toEqual(["endpoint 'https://0.0.0.0:6443' is the unspecified address, not a host address: point it at the VIP, a control plane's address or a DNS name, like 'https://10.0.20.100:6443'"]);
    expect(errors(cluster({ endpoint: 'https://[::1]:6443' }))).toHaveLength(1);
    expect(errors(cluster({ endpoint: 'https://10.0.20.100:6443' }))).toEqual([]);
    expect(errors(cluster({ endpoint: 'https://k8s.example.com:6443' }))).toEqual([]);
  });

  it('fails when the cluster gateway, a link gateway or a route gateway is no host\'s address', () => {
    expect(errors(cluster({ network: { gateway: '10.0.20.0' } }))).toContain("network.gateway '10.0.20.0' is the network address of 10.0.20.0/24, not a host address: use the router's address on the nodes' network, like '10.0.20.1'");
    expect(errors(cluster({}, [vmCp({}), worker({ links: [{ interface: 'eth0', addresses: ['10.0.20.102/24'], gateway: '10.0.20.255' }] })]))).toContain(
      "nodes['k8s-node2'].links[0].gateway '10.0.20.255' is the broadcast address of 10.0.20.0/24, not a host address: use the router's address on the link");
    expect(errors(cluster({}, [vmCp({}), worker({ links: [{ interface: 'eth0', addresses: ['10.0.20.102/24'], routes: [{ network: '10.50.0.0/16', gateway: '10.0.20.0' }] }] })]))).toContain(
      "nodes['k8s-node2'].links[0].routes[0].gateway '10.0.20.0' is the network address of 10.0.20.0/24, not a host address: use the next hop router's address");
  });

  it('fails when a DNS server is no host\'s address, and accepts loopback (Talos\' host DNS)', () => {
    expect(errors(cluster({ nodeDefaults: { nameservers: ['0.0.0.0'] } }))).toEqual(["nodeDefaults.nameservers[0] '0.0.0.0' is the unspecified address, not a host address: use a DNS server's address, like '1.1.1.1'"]);
    expect(errors(cluster({}, [vmCp({}), worker({ nameservers: ['10.0.20.255'] })]))).toEqual(["nodes['k8s-node2'].nameservers[0] '10.0.20.255' is the broadcast address of 10.0.20.0/24, not a host address: use a DNS server's address, like '1.1.1.1'"]);
    expect(errors(cluster({ nodeDefaults: { nameservers: ['127.0.0.53', '1.1.1.1', '2606:4700:4700::1111'] } }))).toEqual([]);
  });

  it('fails when a node\'s address or talosconfig endpoint is no host\'s address', () => {
    expect(errors(cluster({}, [vmCp({}), worker({ address: '10.0.20.255' })]))).toEqual(["nodes['k8s-node2'].address '10.0.20.255' is the broadcast address of 10.0.20.0/24, not a host address: use the node's own address"]);
    expect(errors(cluster({ talosconfigEndpoints: ['10.0.20.0'] }))).toEqual(["talosconfigEndpoints[0] '10.0.20.0' is the network address of 10.0.20.0/24, not a host address: use a control plane's address"]);
  });
});

describe('talosconfig endpoints', () => {
  it.each([
    ['10.0.20.100', null], ['10.0.20.100:50000', null], ['talos.example.com', null], ['talos.example.com:50000', null],
    ['[2001:db8::5]:50000', null], ['2001:db8::5', null],
    ['talos.example.com:0', "talosconfigEndpoints[0] 'talos.example.com:0' has port 0, outside 1 to 65535: the Talos API listens on 50000; leave the port out"],
    ['10.0.20.100:65536', "talosconfigEndpoints[0] '10.0.20.100:65536' has port 65536, outside 1 to 65535: the Talos API listens on 50000; leave the port out"],
    ['talos example', "talosconfigEndpoints[0] 'talos example' is not an address or host name: write it like '10.0.20.11' or 'talos.example.com'"],
    ['https://talos.example.com', "talosconfigEndpoints[0] 'https://talos.example.com' is not an address or host name: write it like '10.0.20.11' or 'talos.example.com'"],
  ])('%s', (endpoint, message) => {
    expect(errors(cluster({ talosconfigEndpoints: [endpoint] }))).toEqual(message === null ? [] : [message]);
  });
});

describe('route metrics (Talos keeps them as uint32)', () => {
  const metric = (m: number): string[] => errors(cluster({}, [vmCp({}), worker({ links: [{ interface: 'eth0', addresses: ['10.0.20.102/24'], routes: [{ network: '10.50.0.0/16', gateway: '10.0.20.254', metric: m }] }] })]));
  it.each([0, 1024, 4294967295])('accepts %p', (m) => expect(metric(m)).toEqual([]));
  it.each([4294967296, -1, 1.5, NaN, Infinity])('fails when the metric is %p', (m) => {
    expect(metric(m)).toEqual([`nodes['k8s-node2'].links[0].routes[0].metric '${m}' is out of range: a route metric is an integer from 0 to 4294967295 (Talos keeps it as an unsigned 32-bit number; lower wins, Talos' default is 1024)`]);
  });
});

describe('MAC addresses are unicast', () => {
  const mac = (macAddress: string): string[] => errors(cluster({}, [vmCp({}), worker({ links: [{ macAddress, addresses: ['10.0.20.102/24'] }] })]));
  it.each(['bc:24:11:a9:a3:43', '02:00:00:00:00:01', 'BC-24-11-A9-A3-43'])('accepts %s', (m) => expect(mac(m)).toEqual([]));
  it('fails when the MAC address is multicast or all zeros, on a link or a VM NIC', () => {
    expect(mac('01:00:5e:00:00:01')).toEqual(["nodes['k8s-node2'].links[0].macAddress '01:00:5e:00:00:01' is a multicast address (the lowest bit of its first octet is 1), which no NIC has: use a unicast address, whose first octet is even, like 'bc:24:11:a9:a3:43'"]);
    expect(mac('ff:ff:ff:ff:ff:ff')).toHaveLength(1);
    expect(mac('00:00:00:00:00:00')).toEqual(["nodes['k8s-node2'].links[0].macAddress '00:00:00:00:00:00' is all zeros, which no NIC has: use a unicast address, whose first octet is even, like 'bc:24:11:a9:a3:43'"]);
    expect(errors(cluster({}, [vmCp({ nics: [{ macAddress: 'bd:24:11:00:00:01', addresses: ['10.0.20.100/24'] }] }), METAL_WORKER]))).toEqual([
      "nodes['k8s-master'].vm.nics[0].macAddress 'bd:24:11:00:00:01' is a multicast address (the lowest bit of its first octet is 1), which no NIC has: use a unicast address, whose first octet is even, like 'bc:24:11:a9:a3:43'",
    ]);
  });
});

describe('pod and service subnets', () => {
  const k8s = (kubernetes: object, extra: object = {}): string[] => errors(cluster({ kubernetes, ...extra }));

  it('accepts Talos\' defaults, private ranges off the LAN, and one subnet per family (dual stack)', () => {
    expect(k8s({})).toEqual([]);
    expect(k8s({ podSubnets: ['10.42.0.0/16', 'fd00:10:244::/56'], serviceSubnets: ['10.43.0.0/16', 'fd00:10:96::/112'] })).toEqual([]);
    expect(k8s({ podSubnets: ['10.244.0.0/23'] })).toEqual([]);
  });

  it('fails when a pod or service subnet overlaps the nodes\' network, including through a default', () => {
    expect(k8s({ podSubnets: ['10.0.0.0/16'] })).toEqual([
      "kubernetes.podSubnets[0] '10.0.0.0/16' overlaps the nodes' network 10.0.20.0/24 (nodes['k8s-master'].vm.nics[0].addresses[0]): traffic to the LAN would be routed into the cluster; pick a range no node, router or LAN device uses, like '10.244.0.0/16'",
    ]);
    const lanInDefault = errors(cluster({ network: { gateway: '10.96.5.1' } }, [vmCp({ nics: [{ addresses: ['10.96.5.10/24'] }] }), worker({ links: [{ interface: 'eth0', addresses: ['10.96.5.11/24'] }] })]));
    expect(lanInDefault).toEqual([
      "kubernetes.serviceSubnets[0] '10.96.0.0/12' (the default) overlaps the nodes' network 10.96.5.0/24 (nodes['k8s-master'].vm.nics[0].addresses[0]): traffic to the LAN would be routed into the cluster; pick a range no node, router or LAN device uses, like '10.96.0.0/12'",
    ]);
  });

  it('fails when a subnet holds the gateway or the VIP outside the nodes\' subnets', () => {
    expect(errors(cluster({ kubernetes: { podSubnets: ['192.168.0.0/16'] }, network: { gateway: '192.168.1.1' } }, [vmCp({ nics: [{ addresses: ['10.0.20.100/24'], gateway: '10.0.20.1' }] }), worker({ links: [{ interface: 'eth0', addresses: ['10.0.20.102/24'], gateway: '10.0.20.1' }] })])))
      .toContain("kubernetes.podSubnets[0] '192.168.0.0/16' contains the gateway '192.168.1.1': the nodes could not reach their router; pick a range no LAN device uses");
  });

  it('fails when a family appears twice (dual stack takes one of each)', () => {
    expect(k8s({ podSubnets: ['10.244.0.0/16', '10.245.0.0/16'] })).toEqual([
      "kubernetes.podSubnets[1] '10.245.0.0/16' is a second IPv4 pod subnet (after kubernetes.podSubnets[0]): Kubernetes takes one pod subnet per IP family, one IPv4 and one IPv6 for dual stack; keep one IPv4 subnet",
    ]);
  });

  it.each([
    ['10.96.0.0/12', null], ['10.64.0.0/11', "kubernetes.serviceSubnets[0] '10.64.0.0/11' is too large: the API server takes a service subnet of at most 20 host bits (a /12 or longer prefix for IPv4) and would not start; use e.g. '10.96.0.0/12'"],
    ['fd00:10:96::/108', null], ['fd00:10:96::/107', "kubernetes.serviceSubnets[0] 'fd00:10:96::/107' is too large: the API server takes a service subnet of at most 20 host bits (a /108 or longer prefix for IPv6) and would not start; use e.g. 'fd00:10:96::/112'"],
  ])('service subnet %s (kube-apiserver validateMaxCIDRRange)', (subnet, message) => {
    expect(k8s({ serviceSubnets: [subnet] })).toEqual(message === null ? [] : [message]);
  });

  it.each([
    ['10.244.0.0/8', null], ['10.244.0.0/24', null],
    ['10.244.0.0/25', "kubernetes.podSubnets[0] '10.244.0.0/25' is smaller than one node's pod range (/24): the controller manager gives every node a /24 from it; use a /24 or larger, like '10.244.0.0/16'"],
    ['10.0.0.0/7', "kubernetes.podSubnets[0] '10.0.0.0/7' is more than 16 bits wider than a node's pod range (/24), which the controller manager refuses: use a /8 to /24"],
    ['fd00:10:244::/48', null], ['fd00:10:244::/64', null],
    ['fd00:10:244::/47', "kubernetes.podSubnets[0] 'fd00:10:244::/47' is more than 16 bits wider than a node's pod range (/64), which the controller manager refuses: use a /48 to /64"],
    ['fd00:10:244::/65', "kubernetes.podSubnets[0] 'fd00:10:244::/65' is smaller than one node's pod range (/64): the controller manager gives every node a /64 from it; use a /64 or larger, like 'fd00:10:244::/56'"],
  ])('pod subnet %s against the node mask (/24, /64, at most 16 bits wider)', (subnet, message) => {
    const m = k8s({ podSubnets: [subnet] }).filter((x) => !x.includes('overlaps') && !x.includes('node pod range'));
    expect(m).toEqual(message === null ? [] : [message]);
  });

  it('fails when the pod subnet has fewer node ranges than the cluster has nodes', () => {
    const three = [vmCp({}), worker({}), worker({ hostname: 'k8s-node3', links: [{ interface: 'eth0', addresses: ['10.0.20.103/24'] }] })];
    expect(errors(cluster({ kubernetes: { podSubnets: ['10.244.0.0/23'] } }, three))).toEqual([
      "kubernetes.podSubnets[0] '10.244.0.0/23' holds 2 node pod ranges (/24 each) for 3 nodes: the nodes beyond that get no pod range and never turn Ready; use a /22 or larger subnet, like '10.244.0.0/22' (no node, router or LAN device may use it)",
    ]);
    expect(errors(cluster({ kubernetes: { podSubnets: ['10.244.0.0/23'] } }, three.slice(0, 2)))).toEqual([]);
  });

  // The default pod subnet 10.244.0.0/16 holds 256 node ranges of /24 (kube-controller-manager's node CIDR mask): 256
  // nodes fit, the 257th does not, and the fix names the same network widened enough for every node.
  it('fails when the default pod subnet has fewer node ranges than nodes: 256 fit, 257 do not, and the fix fits them all', () => {
    const nodes = (n: number) => [vmCp({}), ...Array.from({ length: n - 1 }, (_, i) => worker({
      hostname: `w-${i}`, links: [{ interface: 'eth0', addresses: [`10.0.${20 + Math.floor((i + 10) / 250)}.${(i + 10) % 250 + 2}/16`] }],
    }))];
    const rangeProblems = (n: number, kubernetes = {}) => errors(cluster({ kubernetes }, nodes(n))).filter((m) => m.includes('node pod range'));
    expect(rangeProblems(256)).toEqual([]);
    expect(rangeProblems(257)).toEqual([
      "kubernetes.podSubnets[0] '10.244.0.0/16' (the default) holds 256 node pod ranges (/24 each) for 257 nodes: the nodes beyond that get no pod range and never turn Ready; use a /15 or larger subnet, like '10.244.0.0/15' (no node, router or LAN device may use it)",
    ]);
    expect(rangeProblems(300, { podSubnets: ['10.244.0.0/15'] })).toEqual([]);
    expect(rangeProblems(2, { podSubnets: ['10.244.0.0/24'] })[0]).toContain("holds 1 node pod range (/24 each) for 2 nodes");
  });
});

describe('valid shapes earlier rules rejected', () => {
  it('accepts an IPv6 router on its link-local address, for a link gateway and a route', () => {
    const v6 = worker({ links: [{ interface: 'eth0', addresses: ['10.0.20.102/24', '2001:db8:20::102/64'], routes: [{ network: '::/0', gateway: 'fe80::1' }] }] });
    expect(errors(cluster({}, [vmCp({}), v6]))).toEqual([]);
    const v6gw = worker({ links: [{ interface: 'eth0', addresses: ['2001:db8:20::102/64'], gateway: 'fe80::1' }], address: '2001:db8:20::102' });
    expect(errors(cluster({}, [vmCp({}), v6gw]))).toEqual([]);
  });

  it('still fails when an IPv4 route\'s gateway is off the link, or a global IPv6 one is', () => {
    const off = worker({ links: [{ interface: 'eth0', addresses: ['10.0.20.102/24', '2001:db8:20::102/64'], routes: [{ network: '::/0', gateway: '2001:db8:99::1' }] }] });
    expect(errors(cluster({}, [vmCp({}), off]))).toEqual(["nodes['k8s-node2'].links[0].routes[0].gateway '2001:db8:99::1' is not in the subnet of 10.0.20.102/24, 2001:db8:20::102/64: a gateway must be directly reachable on the link"]);
  });

  it('accepts one IPv4 and one IPv6 default route on different links (dual stack), and fails on two of one family', () => {
    const dual = worker({ links: [{ interface: 'eth0', addresses: ['10.0.20.102/24'], gateway: '10.0.20.1' }, { interface: 'eth1', addresses: ['2001:db8:20::102/64'], gateway: '2001:db8:20::1' }] });
    expect(errors(cluster({}, [vmCp({}), dual]))).toEqual([]);
    const twice = worker({ links: [{ interface: 'eth0', addresses: ['10.0.20.102/24'], gateway: '10.0.20.1' }, { interface: 'eth1', addresses: ['10.10.10.9/24'], routes: [{ network: '0.0.0.0/0', gateway: '10.10.10.1' }] }] });
    expect(errors(cluster({}, [vmCp({}), twice]))).toEqual(["nodes['k8s-node2'].links declare more than one IPv4 default route (gateway or 0.0.0.0/0): keep the default route on the management link only"]);
  });

  it('does not hold an IPv6-only node to the IPv4 cluster gateway', () => {
    const v6only = worker({ links: [{ interface: 'eth0', addresses: ['2001:db8:20::102/64'] }] });
    expect(errors(cluster({}, [vmCp({}), v6only]))).toEqual([]);
  });

  it('tells an IPv4 node address from the IPv6 address with the same number (::a00:14)', () => {
    const same = worker({ links: [{ interface: 'eth0', addresses: ['10.0.20.102/24', '::a00:1466/64'] }] });
    expect(errors(cluster({}, [vmCp({}), same]))).toEqual([]);
  });

  it('accepts a stable disk name on a VM, and still fails on a kernel name of the other bus', () => {
    expect(errors(cluster({}, [vmCp({ diskBus: 'virtio' }, { installDisk: InstallDisk.path('/dev/disk/by-id/virtio-drive0') }), METAL_WORKER]))).toEqual([]);
    expect(errors(cluster({}, [vmCp({ diskBus: 'virtio' }, { installDisk: InstallDisk.path('/dev/sda') }), METAL_WORKER]))).toEqual([
      "nodes['k8s-master'].installDisk '/dev/sda' does not match nodes['k8s-master']'s virtio disk, which Talos sees as /dev/vda: remove installDisk (it follows the bus) or set it to that device",
    ]);
  });
});

import { clusterSubnets } from '../../../constructs/machine-config/validate';
describe('clusterSubnets (for checks of other modules, e.g. load-balancer pools)', () => {
  it('gives Talos\' defaults when nothing is declared, and the declared subnets with their paths otherwise', () => {
    expect(clusterSubnets({}).map(({ kind, path, text, isDefault }) => ({ kind, path, text, isDefault }))).toEqual([
      { kind: 'pod', path: 'kubernetes.podSubnets[0]', text: '10.244.0.0/16', isDefault: true },
      { kind: 'service', path: 'kubernetes.serviceSubnets[0]', text: '10.96.0.0/12', isDefault: true },
    ]);
    const declared = clusterSubnets({ podSubnets: ['10.42.0.0/16', 'fd00:10:244::/56', 'nonsense'], serviceSubnets: ['10.43.0.0/16'] });
    expect(declared.map((s) => `${s.kind} ${s.path} ${s.text} ${s.isDefault}`)).toEqual([
      'pod kubernetes.podSubnets[0] 10.42.0.0/16 false', 'pod kubernetes.podSubnets[1] fd00:10:244::/56 false', 'service kubernetes.serviceSubnets[0] 10.43.0.0/16 false',
    ]);
    expect(declared[0].cidr.prefix).toBe(16);
  });
});

// talos internal/app/machined/pkg/controllers/etcd/spec.go and k8s/nodeip.go at v1.13.9: no matching address, no spec.
describe('subnet selectors that pick none of a node\'s addresses', () => {
  it('fails when etcd\'s advertised subnets pick no control-plane address, and accepts exclusions with !', () => {
    expect(errors(cluster({ kubernetes: { etcdAdvertisedSubnets: ['10.10.10.0/24'] } }))).toEqual([
      "kubernetes.etcdAdvertisedSubnets picks none of control plane 'k8s-master''s addresses (10.0.20.100), so etcd would find no address to advertise and not start: include the control planes' subnet, like '10.0.20.0/24'",
    ]);
    expect(errors(cluster({ kubernetes: { etcdAdvertisedSubnets: ['10.0.0.0/8', '!10.10.0.0/16'] } }))).toEqual([]);
    expect(errors(cluster({ kubernetes: { etcdAdvertisedSubnets: ['10.0.0.0/8', '!10.0.20.0/24'] } }))).toHaveLength(1);
  });

  it('fails when the kubelet\'s node IP subnets pick none of the node\'s addresses, at the level that set them', () => {
    expect(errors(cluster({ worker: { kubelet: { nodeIpSubnets: ['192.168.0.0/16'] } } }))).toEqual([
      "worker.kubelet.nodeIpSubnets picks none of node 'k8s-node2''s addresses (10.0.20.102), so the kubelet would find no node IP and not register: include the subnet of the node's own address",
    ]);
    expect(errors(cluster({ worker: { kubelet: { nodeIpSubnets: ['10.0.20.0/24', '!10.0.20.5/32'] } } }))).toEqual([]);
  });

  it('leaves nodes whose address comes from DHCP alone', () => {
    const dhcp = worker({ links: [{ interface: 'eth0', dhcp: true }], address: '10.0.20.60' });
    expect(errors(cluster({ worker: { kubelet: { nodeIpSubnets: ['192.168.0.0/16'] } } }, [vmCp({}), dhcp]))).toEqual([]);
  });
});
