import { createHash } from 'node:crypto';
import { Board, imageSpec } from '../../constructs/machine-config/image';
import { installerImage, installerRepository, schematicId } from '../../constructs/machine-config/installer';

// Test vectors of siderolabs/image-factory `pkg/schematic/schematic_test.go` (TestID, TestUnmarshalID), and the
// qemu-guest-agent schematic id published with Talos' Proxmox guides and used by many public configurations.
const VANILLA = '376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba';
const NOAPIC_NOLAPIC = '9cba8e32753f91a16c1837ab8abf356af021706ef284aef07380780177d9a06c';
const RPI_GENERIC = 'ee21ef4a5ef808a9b7484cc0dda0f25075021691c8c09a276591eedb638ea1f9';
const QEMU_GUEST_AGENT = 'ce4c980550dd2ab1b17bbf2b08801c7eb59418eafe8f279833297925d67c7515';

describe('schematicId', () => {
  it('is the Image Factory\'s id of the empty schematic', () => {
    expect(schematicId(imageSpec([], []))).toBe(VANILLA);
  });

  it('is the Image Factory\'s id of a schematic with extra kernel arguments', () => {
    expect(schematicId(imageSpec([], [['noapic', 'nolapic']]))).toBe(NOAPIC_NOLAPIC);
  });

  it('is the Image Factory\'s id of the Raspberry Pi overlay schematic', () => {
    expect(schematicId(imageSpec([], [], Board.RASPBERRY_PI))).toBe(RPI_GENERIC);
  });

  it('is the published id of the qemu-guest-agent schematic', () => {
    expect(schematicId(imageSpec([['siderolabs/qemu-guest-agent']], []))).toBe(QEMU_GUEST_AGENT);
  });

  it('changes with the order of kernel arguments (the factory keeps their order)', () => {
    expect(schematicId(imageSpec([], [['nolapic', 'noapic']]))).not.toBe(NOAPIC_NOLAPIC);
  });

  it.each([
    ['a YAML 1.1 boolean', 'yes'],
    ['a leading dash', '-console'],
    ['a space', 'console=tty0 quiet'],
    ['a trailing colon', 'ip:'],
    ['a number', '1'],
  ])('gives up (undefined) on a value with %s, which YAML writers may quote differently', (_what, arg) => {
    expect(schematicId(imageSpec([], [[arg]]))).toBeUndefined();
  });

  it('writes kernel arguments with = , : and dots plain, as yaml.v3 does, under four-space indents', () => {
    const canonical = [
      'overlay:', '    image: siderolabs/sbc-raspberrypi', '    name: rpi_generic',
      'customization:', '    extraKernelArgs:', '        - console=ttyS0,115200', '        - ip=10.0.0.2::10.0.0.1:255.255.255.0::eth0:off',
      '    systemExtensions:', '        officialExtensions:', '            - siderolabs/iscsi-tools', '            - siderolabs/util-linux-tools', '',
    ].join('\n');
    const spec = imageSpec([['siderolabs/util-linux-tools', 'siderolabs/iscsi-tools']], [['console=ttyS0,115200', 'ip=10.0.0.2::10.0.0.1:255.255.255.0::eth0:off']], Board.RASPBERRY_PI);
    expect(schematicId(spec)).toBe(createHash('sha256').update(canonical).digest('hex'));
  });
});

describe('installerRepository', () => {
  it('is <factory>/<platform>-installer/<schematic id> (talos_image_factory_urls_data_source.go)', () => {
    expect(installerRepository(imageSpec([['siderolabs/qemu-guest-agent']], []), 'nocloud')).toBe(`factory.talos.dev/nocloud-installer/${QEMU_GUEST_AGENT}`);
    expect(installerRepository(imageSpec([], []), 'metal')).toBe(`factory.talos.dev/metal-installer/${VANILLA}`);
  });

  it('is metal-installer for a board, whatever the platform', () => {
    expect(installerRepository(imageSpec([], [], Board.RASPBERRY_PI), 'nocloud')).toBe(`factory.talos.dev/metal-installer/${RPI_GENERIC}`);
  });

  it('uses another Image Factory host when given', () => {
    expect(installerRepository(imageSpec([], []), 'metal', 'factory.lan')).toBe(`factory.lan/metal-installer/${VANILLA}`);
  });

  it('is undefined when the schematic id cannot be computed offline', () => {
    expect(installerRepository(imageSpec([], [['yes']]), 'metal')).toBeUndefined();
  });
});

describe('installerImage', () => {
  it('tags the repository with the Talos version', () => {
    expect(installerImage(`factory.talos.dev/metal-installer/${VANILLA}`, 'v1.13.9')).toBe(`factory.talos.dev/metal-installer/${VANILLA}:v1.13.9`);
  });
});
