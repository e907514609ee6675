// Runs a command under GNU time, asynchronously (the local Identity Center answers from this
// process's event loop), and reads its CPU seconds and peak memory (the largest process).
import { spawn } from "node:child_process";

export interface Timed {
  status: number | null;
  stderr: string;
  cpuSeconds: number;
  peakRssMb: number;
}

export function timed(command: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const child = spawn("/usr/bin/time", ["-f", "%U %S %M", ...command], { cwd, env, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("error", reject);
    child.on("close", (status) => {
      const [user, sys, maxKb] = stderr.trim().split("\n").at(-1)!.split(" ").map(Number);
      resolve({ status, stderr, cpuSeconds: user! + sys!, peakRssMb: maxKb! / 1024 });
    });
  });
}
