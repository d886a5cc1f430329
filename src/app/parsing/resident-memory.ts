import { readFile } from 'node:fs/promises';

/**
 * The resident memory of a process in bytes, as the kernel counts it (`VmRSS` in
 * `/proc/<pid>/status`): the V8 heap and everything outside it, buffers and native allocations
 * included. Null when the process is gone or the system has no /proc (not Linux).
 */
export async function residentMemoryBytes(pid: number): Promise<number | null> {
  let status: string;
  try {
    status = await readFile(`/proc/${String(pid)}/status`, 'utf8');
  } catch {
    return null;
  }
  const kilobytes = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1];
  return kilobytes === undefined ? null : Number(kilobytes) * 1024;
}
