import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Clock ticks per second of /proc/PID/stat (USER_HZ: 100 on Linux). */
export const TICKS = 100;

/**
 * User + system CPU ticks in a /proc/PID/stat line: the process's own (fields 14 and 15), or with
 * `children` those of its children it has waited for (16 and 17).
 */
export function cpuTicks(stat: string, children = false): number {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const [a, b] = children ? [13, 14] : [11, 12];
  return Number(fields[a]) + Number(fields[b]);
}

/**
 * Runs a short command and returns its wall time and the CPU time it and its children used, in
 * ms. On a machine others share, the wall time of a fraction-of-a-second command is mostly
 * waiting for a core; the CPU time is what an idle machine's wall time would be, near enough.
 * The command runs under `sh`, whose children's times (fields 16 and 17 of its /proc stat)
 * count the command once it has exited. Linux only; 10 ms resolution.
 */
export function cpuTimed(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): { wallMs: number; cpuMs: number } {
  const dir = mkdtempSync(join(tmpdir(), 'protokol-cpu-'));
  const stat = join(dir, 'stat');
  try {
    const started = performance.now();
    const result = spawnSync(
      'sh',
      [
        '-c',
        `"$@" >/dev/null 2>"${stat}.err"; s=$?; cat /proc/$$/stat > "${stat}"; exit $s`,
        'sh',
        command,
        ...args,
      ],
      { cwd: options.cwd, env: options.env ?? process.env },
    );
    const wallMs = performance.now() - started;
    if (result.status !== 0)
      throw new Error(
        `${command} ${args.join(' ')} exited ${result.status}: ${readFileSync(`${stat}.err`, 'utf8')}`,
      );
    const cpuMs = (cpuTicks(readFileSync(stat, 'utf8'), true) / TICKS) * 1000;
    return { wallMs, cpuMs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
