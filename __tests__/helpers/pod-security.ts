/**
 * The Pod Security Standards checks, for the fields a rendered pod spec can set, as test oracle: which controls of
 * `baseline` and `restricted` a pod spec violates. Source: Kubernetes "Pod Security Standards" (policy version
 * latest) and kubernetes/pod-security-admission `policy/check_*.go`. A pod in a namespace that enforces a level is
 * rejected on any violation of that level (Talos enforces `baseline` everywhere but kube-system).
 */

type Obj = Record<string, any>;

const BASELINE_CAPABILITIES = ['AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT'];
const RESTRICTED_VOLUMES = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret'];

function containersOf(pod: Obj): Obj[] {
  return [...(pod.initContainers ?? []), ...(pod.containers ?? []), ...(pod.ephemeralContainers ?? [])];
}

/** Controls of `baseline` the pod spec violates, by name. */
export function baselineViolations(pod: Obj): string[] {
  const out: string[] = [];
  if (pod.hostNetwork || pod.hostPID || pod.hostIPC) out.push('hostNamespaces');
  for (const c of containersOf(pod)) {
    if (c.securityContext?.privileged) out.push(`privileged (${c.name})`);
    const added: string[] = c.securityContext?.capabilities?.add ?? [];
    if (added.some((cap) => !BASELINE_CAPABILITIES.includes(cap))) out.push(`capabilities (${c.name})`);
    if ((c.ports ?? []).some((p: Obj) => p.hostPort !== undefined && p.hostPort !== 0)) out.push(`hostPorts (${c.name})`);
    const seccomp = c.securityContext?.seccompProfile?.type;
    if (seccomp === 'Unconfined') out.push(`seccomp (${c.name})`);
    if (c.securityContext?.procMount !== undefined && c.securityContext.procMount !== 'Default') out.push(`procMount (${c.name})`);
  }
  if ((pod.volumes ?? []).some((v: Obj) => v.hostPath !== undefined)) out.push('hostPathVolumes');
  if (pod.securityContext?.seccompProfile?.type === 'Unconfined') out.push('seccomp');
  return out;
}

/** Controls of `restricted` (which includes `baseline`) the pod spec violates, by name. */
export function restrictedViolations(pod: Obj): string[] {
  const out = baselineViolations(pod);
  for (const v of pod.volumes ?? []) {
    if (!Object.keys(v).filter((k) => k !== 'name').every((k) => RESTRICTED_VOLUMES.includes(k))) out.push(`volumeTypes (${v.name})`);
  }
  const podNonRoot = pod.securityContext?.runAsNonRoot === true;
  const podSeccomp = pod.securityContext?.seccompProfile?.type;
  if (pod.securityContext?.runAsUser === 0) out.push('runAsUser');
  for (const c of containersOf(pod)) {
    const sc = c.securityContext ?? {};
    if (sc.allowPrivilegeEscalation !== false) out.push(`allowPrivilegeEscalation (${c.name})`);
    if (sc.runAsNonRoot === false || (sc.runAsNonRoot !== true && !podNonRoot)) out.push(`runAsNonRoot (${c.name})`);
    if (sc.runAsUser === 0) out.push(`runAsUser (${c.name})`);
    const seccomp = sc.seccompProfile?.type ?? podSeccomp;
    if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost') out.push(`seccompProfile (${c.name})`);
    const drop: string[] = sc.capabilities?.drop ?? [];
    const add: string[] = sc.capabilities?.add ?? [];
    if (!drop.includes('ALL') || add.some((cap) => cap !== 'NET_BIND_SERVICE')) out.push(`capabilities (${c.name})`);
  }
  return out;
}
