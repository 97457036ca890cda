/**
 * The siderolabs/talos 0.12 bindings (generated side by side with 0.11 from provider-schemas/
 * siderolabs-talos-0.12.0-alpha.5.json) synthesize what the provider's source at v0.12.0-alpha.5 defines:
 * pkg/talos/talos_machine_resource.go and pkg/talos/talos_cluster_resource.go (docs/upgrades-research.md).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Testing, TerraformStack } from 'cdktf';
import { TalosClusterResource, TalosMachineResource, TalosProviderV012 } from '../constructs/private/providers';

const root = path.resolve(__dirname, '..');
const schema012 = JSON.parse(fs.readFileSync(path.join(root, 'provider-schemas/siderolabs-talos-0.12.0-alpha.5.json'), 'utf8'));
const schema011 = JSON.parse(fs.readFileSync(path.join(root, 'provider-schemas/siderolabs-talos-0.11.0.json'), 'utf8'));
const resources012 = schema012.provider_schemas['registry.terraform.io/siderolabs/talos'].resource_schemas;
const resources011 = schema011.provider_schemas['registry.terraform.io/siderolabs/talos'].resource_schemas;

interface SchemaAttribute { required?: boolean; optional?: boolean; computed?: boolean; sensitive?: boolean; write_only?: boolean; type?: unknown; nested_type?: { attributes: Record<string, SchemaAttribute> } }

/** `name: required|optional|computed[+sensitive][+write-only]` for every attribute, nested ones as `a.b`. */
function attributeTable(attributes: Record<string, SchemaAttribute>, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, a] of Object.entries(attributes)) {
    const kind = [a.required ? 'required' : a.optional ? 'optional' : 'computed'];
    if (a.optional && a.computed) kind.push('computed');
    if (a.sensitive) kind.push('sensitive');
    if (a.write_only) kind.push('write-only');
    out[`${prefix}${name}`] = kind.join('+');
    if (a.nested_type) Object.assign(out, attributeTable(a.nested_type.attributes, `${prefix}${name}.`));
  }
  return out;
}

describe('siderolabs/talos 0.12 schema', () => {
  it('talos_machine has exactly the attributes of v0.12.0-alpha.5 (talos_machine_resource.go Schema)', () => {
    expect(attributeTable(resources012.talos_machine.block.attributes)).toEqual({
      'client_configuration': 'optional',
      'client_configuration.ca_certificate': 'required',
      'client_configuration.client_certificate': 'required',
      'client_configuration.client_key': 'required+sensitive',
      'client_configuration_wo': 'optional+write-only',
      'client_configuration_wo.ca_certificate': 'required+write-only',
      'client_configuration_wo.client_certificate': 'required+write-only',
      'client_configuration_wo.client_key': 'required+sensitive+write-only',
      'drain_on_upgrade': 'optional+computed',
      'endpoint': 'optional+computed',
      'id': 'computed',
      'ignore_kubernetes_upgrade_drift': 'optional+computed',
      'image': 'optional+computed',
      'kubeconfig': 'optional+sensitive',
      'kubeconfig_wo': 'optional+sensitive+write-only',
      'machine_configuration': 'optional+sensitive',
      'machine_configuration_hash': 'computed',
      'machine_configuration_wo': 'optional+write-only',
      'node': 'required',
      'on_destroy': 'optional',
      'on_destroy.graceful': 'optional+computed',
      'on_destroy.reboot': 'optional+computed',
      'on_destroy.reset': 'optional+computed',
      'reboot_mode': 'optional+computed',
      'timeouts': 'optional',
      'timeouts.create': 'optional',
      'timeouts.delete': 'optional',
      'timeouts.update': 'optional',
    });
  });

  it('talos_cluster has exactly the attributes of v0.12.0-alpha.5 (talos_cluster_resource.go Schema)', () => {
    expect(attributeTable(resources012.talos_cluster.block.attributes)).toEqual({
      'client_configuration': 'optional',
      'client_configuration.ca_certificate': 'required',
      'client_configuration.client_certificate': 'required',
      'client_configuration.client_key': 'required+sensitive',
      'client_configuration_wo': 'optional+write-only',
      'client_configuration_wo.ca_certificate': 'required+write-only',
      'client_configuration_wo.client_certificate': 'required+write-only',
      'client_configuration_wo.client_key': 'required+sensitive+write-only',
      'control_plane_nodes': 'optional+computed',
      'endpoint': 'optional+computed',
      'id': 'computed',
      'kubernetes_version': 'required',
      'node': 'required',
      'timeouts': 'optional',
      'timeouts.create': 'optional',
      'timeouts.update': 'optional',
    });
    expect(resources012.talos_cluster.block.attributes.control_plane_nodes.type).toEqual(['list', 'string']);
  });

  it('every other resource and data source is unchanged from 0.11.0 (so the 0.11 bindings serve both lines)', () => {
    const p012 = schema012.provider_schemas['registry.terraform.io/siderolabs/talos'];
    const p011 = schema011.provider_schemas['registry.terraform.io/siderolabs/talos'];
    const { talos_machine: _m, talos_cluster: _c, ...rest012 } = resources012;
    expect(rest012).toEqual(resources011);
    expect(p012.data_source_schemas).toEqual(p011.data_source_schemas);
    expect(p012.provider).toEqual(p011.provider);
    expect(Object.keys(resources012).filter((r) => !(r in resources011)).sort()).toEqual(['talos_cluster', 'talos_machine']);
  });
});

describe('siderolabs/talos 0.12 bindings', () => {
  function synth(): Record<string, any> {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'line-0-12');
    new TalosProviderV012(stack, 'talos');
    const client = { caCertificate: '${var.ca}', clientCertificate: '${var.crt}', clientKey: '${var.key}' };
    const cp = new TalosMachineResource(stack, 'cp-0', {
      nodeAttribute: '10.0.0.2', clientConfiguration: client, machineConfiguration: '${var.cfg}',
      image: 'factory.talos.dev/metal-installer/376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba:v1.13.9',
      drainOnUpgrade: true, kubeconfig: '${var.kubeconfig}', rebootMode: 'DEFAULT', ignoreKubernetesUpgradeDrift: true,
    });
    new TalosClusterResource(stack, 'cluster', {
      nodeAttribute: '10.0.0.2', controlPlaneNodes: ['10.0.0.2'], clientConfiguration: client, kubernetesVersion: '1.36.3',
      dependsOn: [cp],
    });
    return JSON.parse(Testing.synth(stack, true));
  }

  const out = synth();

  it('pins the 0.12 line under the provider\'s own local name', () => {
    expect(out.terraform.required_providers).toEqual({ talos: { source: 'siderolabs/talos', version: '0.12.0-alpha.5' } });
    expect(out.provider).toEqual({ talos: [{}] });
  });

  it('synthesizes talos_machine with the HCL attribute names', () => {
    expect(out.resource.talos_machine['cp-0']).toEqual({
      node: '10.0.0.2',
      client_configuration: { ca_certificate: '${var.ca}', client_certificate: '${var.crt}', client_key: '${var.key}' },
      machine_configuration: '${var.cfg}',
      image: 'factory.talos.dev/metal-installer/376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba:v1.13.9',
      drain_on_upgrade: true,
      kubeconfig: '${var.kubeconfig}',
      reboot_mode: 'DEFAULT',
      ignore_kubernetes_upgrade_drift: true,
    });
  });

  it('synthesizes talos_cluster with the HCL attribute names and its dependency', () => {
    expect(out.resource.talos_cluster.cluster).toEqual({
      node: '10.0.0.2',
      control_plane_nodes: ['10.0.0.2'],
      client_configuration: { ca_certificate: '${var.ca}', client_certificate: '${var.crt}', client_key: '${var.key}' },
      kubernetes_version: '1.36.3',
      depends_on: ['talos_machine.cp-0'],
    });
  });

  it('records the side-by-side line apart from cdktf\'s versions.json', () => {
    expect(JSON.parse(fs.readFileSync(path.join(root, '.gen/side-by-side.json'), 'utf8'))).toEqual({
      'providers/talos-0-12': { source: 'siderolabs/talos', version: '0.12.0-alpha.5' },
    });
  });
});
