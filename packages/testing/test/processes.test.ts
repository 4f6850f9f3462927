import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createRockySimulator,
  defaultScenario,
  type RockySimulator,
  simulatorBinPath,
} from "../src/index.js";
import { isDead, rocky, runProcess, waitFor } from "./helpers.js";

let sim: RockySimulator;
beforeAll(async () => {
  sim = await createRockySimulator({ assumeConfig: true });
});
afterAll(async () => {
  await sim.cleanup();
});

describe("the generated wrapper", () => {
  it("is an executable file named rocky, with an absolute node shebang, in a rocky-sim- temp dir", () => {
    expect(sim.binaryPath).toBe(join(sim.dir, "rocky"));
    expect(sim.dir.startsWith(join(tmpdir(), "rocky-sim-"))).toBe(true);
    expect(statSync(sim.binaryPath).mode & 0o777).toBe(0o755);
    expect(readFileSync(sim.binaryPath, "utf8").split("\n")[0]).toBe(`#!${process.execPath}`);
  });

  it("works with an empty environment (no PATH, no variables)", async () => {
    const r = await rocky(sim.binaryPath, ["--output", "json", "run", "--filter", "tenant=acme"], {
      env: {},
    });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).tables_copied).toBe(3);
  });

  it("honours options.dir as the parent directory", async () => {
    const parent = mkdtempSync(join(tmpdir(), "rocky-sim-parent-"));
    const s = await createRockySimulator(defaultScenario, { dir: parent });
    try {
      expect(s.dir.startsWith(join(parent, "rocky-sim-"))).toBe(true);
      expect((await rocky(s.binaryPath, ["--version"])).stdout).toBe("rocky 1.71.0\n");
    } finally {
      await s.cleanup();
      rmSync(parent, { recursive: true, force: true });
    }
  });
});

describe("invocation recording", () => {
  it("records argv, cwd, pid, verb, the full env and the exit code", async () => {
    await sim.clearInvocations();
    const cwd = mkdtempSync(join(tmpdir(), "rocky-sim-cwd-"));
    try {
      const args = ["--output=json", "run", "--filter", "tenant=acme", "--shadow"];
      const r = await rocky(sim.binaryPath, args, { cwd, env: { ONLY_VAR: "1" } });
      const [inv, ...rest] = await sim.invocations();
      expect(rest).toHaveLength(0);
      expect(inv).toMatchObject({
        argv: args,
        cwd,
        pid: r.pid,
        verb: "run",
        exitCode: 0,
        grandchildPids: [],
      });
      expect(inv?.env).toEqual({ ONLY_VAR: "1" });
      await rocky(sim.binaryPath, ["-V"]);
      await rocky(sim.binaryPath, ["run", "--nope"]);
      const all = await sim.invocations();
      expect(all.map((i) => [i.verb, i.exitCode])).toEqual([
        ["run", 0],
        [null, 0],
        ["run", 2],
      ]);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });

  it("records 50 concurrent invocations correctly", async () => {
    await sim.setScenario({ assumeConfig: true });
    await sim.clearInvocations();
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        rocky(sim.binaryPath, ["run", "--filter", `tenant=t${i}`], { env: { N: String(i) } }),
      ),
    );
    expect(results.every((r) => r.code === 0)).toBe(true);
    const inv = await sim.invocations();
    expect(inv).toHaveLength(50);
    expect(new Set(inv.map((i) => i.pid)).size).toBe(50);
    expect(new Set(inv.map((i) => i.argv[2])).size).toBe(50);
    for (const i of inv) {
      expect(i.exitCode).toBe(0);
      expect(i.argv[2]).toBe(`tenant=t${i.env.N}`);
    }
  }, 30_000); // 50 node processes on a loaded 2-core machine; not a speed assertion

  it("clearInvocations forgets everything", async () => {
    await rocky(sim.binaryPath, ["state"]);
    expect((await sim.invocations()).length).toBeGreaterThan(0);
    await sim.clearInvocations();
    expect(await sim.invocations()).toEqual([]);
  });
});

describe("hang with a grandchild holding the pipes", () => {
  it("killing the process group kills parent and grandchild; pipes then close", async () => {
    await sim.setScenario({
      assumeConfig: true,
      commands: { run: { hang: true, grandchild: true } },
    });
    await sim.clearInvocations();
    let closed = false;
    let pid = 0;
    const done = rocky(sim.binaryPath, ["run", "--filter", "a=b"], {
      detached: true,
      onSpawn: (c) => {
        pid = c.pid ?? 0;
      },
    }).then((r) => {
      closed = true;
      return r;
    });
    const inv = await waitFor(
      async () => {
        const found = (await sim.invocations()).find((i) => i.pid === pid);
        return found !== undefined && found.grandchildPids.length === 1 ? found : undefined;
      },
      5000,
      "grandchild",
    );
    const grandchild = inv.grandchildPids[0] as number;
    expect(isDead(pid)).toBe(false);
    expect(isDead(grandchild)).toBe(false);
    await new Promise((r) => setTimeout(r, 100));
    expect(closed).toBe(false);
    process.kill(-pid, "SIGKILL");
    const r = await done;
    expect(r.signal).toBe("SIGKILL");
    await waitFor(() => (isDead(pid) && isDead(grandchild) ? true : undefined), 3000, "both dead");
    expect(isDead(grandchild)).toBe(true);
  });

  it("SIGTERM to the parent alone exits 130 but the grandchild keeps the pipes open", async () => {
    await sim.setScenario({
      assumeConfig: true,
      commands: { run: { hang: true, grandchild: true } },
    });
    let pid = 0;
    let closed = false;
    let exitCode: number | null = null;
    const done = runProcess(sim.binaryPath, ["run", "--filter", "a=b"], {
      detached: true,
      onSpawn: (c) => {
        pid = c.pid ?? 0;
        c.on("exit", (code) => {
          exitCode = code;
        });
      },
    }).then((r) => {
      closed = true;
      return r;
    });
    const inv = await waitFor(
      async () => {
        const found = (await sim.invocations()).find((i) => i.pid === pid);
        return found !== undefined && found.grandchildPids.length === 1 ? found : undefined;
      },
      5000,
      "grandchild",
    );
    const grandchild = inv.grandchildPids[0] as number;
    process.kill(pid, "SIGTERM");
    await waitFor(() => (exitCode !== null ? true : undefined), 3000, "parent exit");
    expect(exitCode).toBe(130);
    await new Promise((r) => setTimeout(r, 150));
    expect(closed).toBe(false);
    expect(isDead(grandchild)).toBe(false);
    process.kill(grandchild, "SIGKILL");
    const r = await done;
    expect(JSON.parse(r.stdout).interrupted).toBe(true);
    await waitFor(() => (isDead(grandchild) ? true : undefined), 3000, "grandchild dead");
  });

  it("hangMaxMs ends a hang as a safety net (exit 124)", async () => {
    await sim.setScenario({
      assumeConfig: true,
      commands: { run: { hang: true, hangMaxMs: 200 } },
    });
    const r = await rocky(sim.binaryPath, ["run", "--filter", "a=b"]);
    expect(r.code).toBe(124);
    expect(r.stdout).toBe("");
  });
});

describe("the bin run directly", () => {
  it("node dist/bin/rocky-sim.js with an empty env uses the default scenario", async () => {
    expect(existsSync(simulatorBinPath())).toBe(true);
    expect(readFileSync(simulatorBinPath(), "utf8").startsWith("#!/usr/bin/env node\n")).toBe(true);
    const r = await runProcess(process.execPath, [simulatorBinPath(), "--version"], { env: {} });
    expect(r.stdout).toBe("rocky 1.71.0\n");
  });

  it("reads ROCKY_SIM_SCENARIO and records to ROCKY_SIM_LOG", async () => {
    const dir = mkdtempSync(join(tmpdir(), "rocky-sim-bin-"));
    try {
      const scenario = join(dir, "s.json");
      const log = join(dir, "log.jsonl");
      writeFileSync(scenario, JSON.stringify({ commands: { doctor: { doctor: "critical" } } }));
      const r = await runProcess(process.execPath, [simulatorBinPath(), "doctor"], {
        env: { ROCKY_SIM_SCENARIO: scenario, ROCKY_SIM_LOG: log },
      });
      expect(r.code).toBe(3);
      const events = readFileSync(log, "utf8")
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l));
      expect(events.map((e) => e.t)).toEqual(["start", "exit"]);
      expect(events[1].code).toBe(3);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("cleanup", () => {
  it("removes the temp dir; the wrapper is gone", async () => {
    const s = await createRockySimulator({ assumeConfig: true });
    try {
      const child = spawn(s.binaryPath, ["--version"]);
      await new Promise((r) => child.on("close", r));
      expect(existsSync(s.dir)).toBe(true);
      await s.cleanup();
      expect(existsSync(s.dir)).toBe(false);
      expect(existsSync(s.binaryPath)).toBe(false);
    } finally {
      await s.cleanup();
    }
  });
});
