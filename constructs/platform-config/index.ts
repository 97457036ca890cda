/** The pure platform core: Helm values and versions, nodes and selectors, MetalLB, CNI and GPU plans; no cdktf. */
export * from './values';
export * from './manifest';
export * from './nodes';
export * from './metallb';
export * from './cni';
export * from './gpu';
export * from './credentials';
export * from './backup';
export * from './gitops';
export * from './pod-security';
export * from './spegel';
