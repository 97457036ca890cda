/** The pure configuration core: settings, versions, validation and rendering, with no cdktf in it. */
export * from './settings';
export * from './versions';
export * from './model';
export * from './problems';
export * from './validate';
export * from './render';
export * from './kinds';
export { parseIp, parseCidr, parseRange, normalizeMac } from './net';
export * from './talos-api-access';
