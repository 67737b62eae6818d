import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Clock ticks per second of /proc/PID/stat (USER_HZ: 100 on Linux). */
const TICKS = 100;

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
    const text = readFileSync(stat, 'utf8');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    // Fields 16 and 17 of the whole line (cutime, cstime) are 13 and 14 after the name.
    const cpuMs = ((Number(fields[13]) + Number(fields[14])) / TICKS) * 1000;
    return { wallMs, cpuMs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
