import { dependencyOrder } from '../../cli/commands/plan';
import { formatPlansMarkdown, plannedChanges, StackPlan } from '../../cli/plan/summary';

/** The shape of `terraform show -json <planfile>`, trimmed to what the summary reads. */
const planJson = {
  format_version: '1.2',
  resource_changes: [
    { address: 'talos_machine_secrets.home', change: { actions: ['no-op'] } },
    { address: 'talos_machine_configuration_apply.home_home-01-cp-0', change: { actions: ['update'] } },
    { address: 'proxmox_virtual_environment_vm.home_home-01-w-0', change: { actions: ['delete', 'create'] } },
    { address: 'talos_machine_configuration_apply.home_home-01-w-1', change: { actions: ['create'] } },
    { address: 'data.talos_machine_configuration.home_home-01-w-1', change: { actions: ['read'] } },
  ],
};

describe('plan summary', () => {
  it('reads the actions of a plan, replacements included, and skips no-ops', () => {
    expect(plannedChanges(planJson)).toEqual([
      { address: 'talos_machine_configuration_apply.home_home-01-cp-0', action: 'update' },
      { address: 'proxmox_virtual_environment_vm.home_home-01-w-0', action: 'replace' },
      { address: 'talos_machine_configuration_apply.home_home-01-w-1', action: 'create' },
      { address: 'data.talos_machine_configuration.home_home-01-w-1', action: 'read' },
    ]);
  });

  it('renders one row per stack and the changed addresses, without any attribute value', () => {
    const plans: StackPlan[] = [
      { stack: 'homelab-cluster', status: 'planned', changes: plannedChanges(planJson) },
      { stack: 'platform', status: 'planned', changes: [] },
      { stack: 'pi-cluster', status: 'failed', step: 'init', output: 'Error: Failed to get existing workspaces' },
    ];
    expect(formatPlansMarkdown(plans).split('\n')).toEqual([
      '### Terraform plan',
      '',
      '| stack | plan |',
      '| --- | --- |',
      '| `homelab-cluster` | 2 to add, 1 to change, 1 to destroy (1 replaced) |',
      '| `platform` | no changes |',
      '| `pi-cluster` | **init failed** |',
      '',
      '<details><summary><code>homelab-cluster</code>: 2 to add, 1 to change, 1 to destroy (1 replaced)</summary>',
      '',
      '```diff',
      '~   talos_machine_configuration_apply.home_home-01-cp-0',
      '-/+ proxmox_virtual_environment_vm.home_home-01-w-0',
      '+   talos_machine_configuration_apply.home_home-01-w-1',
      '```',
      '',
      '</details>',
      '',
      '<details><summary><code>pi-cluster</code>: terraform init failed</summary>',
      '',
      '```',
      'Error: Failed to get existing workspaces',
      '```',
      '',
      '</details>',
      '',
    ]);
  });

  it('plans stacks after the stacks they read from', () => {
    expect(dependencyOrder({
      stacks: {
        platform: { workingDirectory: 'stacks/platform', dependencies: ['homelab-cluster'] },
        'homelab-cluster': { workingDirectory: 'stacks/homelab-cluster', dependencies: [] },
        apps: { workingDirectory: 'stacks/apps', dependencies: ['platform'] },
      },
    })).toEqual(['homelab-cluster', 'platform', 'apps']);
  });
});
