// Runs the bench child with a fraction of one CPU, as Lambda gives a function in proportion to its
// memory (1 vCPU at 1,769 MB, so about 0.145 at the 256 MB this project deploys with). Uses a
// Linux cgroup CPU quota, which needs root and a writable cgroup file system; the benchmark only
// asks for it when BENCH_CPU_SHARE is set, and says so when the machine cannot do it.
import { existsSync, mkdirSync, rmdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const PERIOD_US = 100_000;

export interface CpuLimit {
  /** The command and arguments that run `command args` inside the limited group. */
  wrap(command: string, args: string[]): { command: string; args: string[] };
  remove(): void;
}

/** A cgroup (v2, else v1) holding its processes to `share` of one CPU. */
export function createCpuLimit(share: number): CpuLimit {
  if (!(share > 0 && share <= 1)) throw new Error("BENCH_CPU_SHARE must be in (0, 1]");
  const quota = Math.round(PERIOD_US * share);
  const name = `cert-sweeper-bench-${process.pid}`;
  const v2 = "/sys/fs/cgroup/cgroup.controllers";
  const dir = existsSync(v2) ? join("/sys/fs/cgroup", name) : join("/sys/fs/cgroup/cpu", name);
  try {
    mkdirSync(dir);
    if (existsSync(v2)) writeFileSync(join(dir, "cpu.max"), `${quota} ${PERIOD_US}`);
    else {
      writeFileSync(join(dir, "cpu.cfs_period_us"), String(PERIOD_US));
      writeFileSync(join(dir, "cpu.cfs_quota_us"), String(quota));
    }
  } catch (error) {
    throw new Error(
      `BENCH_CPU_SHARE needs a writable cgroup (${dir}): ${(error as Error).message}`,
    );
  }
  return {
    wrap: (command, args) => ({
      command: "/bin/sh",
      // The shell joins the group, then becomes the child: everything it starts stays limited.
      args: ["-c", `echo $$ > "${join(dir, "cgroup.procs")}" && exec "$0" "$@"`, command, ...args],
    }),
    remove: () => {
      try {
        rmdirSync(dir);
      } catch {
        // Still busy or already gone: the kernel removes an empty group with the directory later.
      }
    },
  };
}
