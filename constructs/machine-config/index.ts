/**
 * The pure configuration core: what users declare about their machines (settings, nodes, VMs, GPUs, images), Talos
 * and Kubernetes versions, validation that reports every problem, and rendering of each node's Talos documents for its
 * config contract. No cdktf in it; the constructs import it only through this barrel.
 */
export * from './problems';
export * from './settings';
export * from './versions';
export * from './kinds';
export * from './net';
export * from './gpu';
export * from './vm';
export * from './image';
export * from './extensions';
export * from './releases';
export * from './first-contact';
export * from './installer';
export * from './model';
export * from './declaration';
export * from './validate';
export * from './render';
export * from './upgrade';
export * from './rolling';
export * from './talos-api-access';
export * from './contract';
export { instanceCheck, registerContractClass } from './contract-classes';
