"""rocky-sdk's RockyClient on the bench's stand-in binary (driven by bench/run.mjs).

Usage: python bench_rocky_sdk.py <mode> <json config>; prints one JSON line.
  percall  {"binary", "rounds", "iterations"}: p50 latency (ms) of client.run("source=orders"),
           client.state() and a fresh client's first run (version gate + run), per round; the
           warm client has passed its version gate. The stand-in's environment is os.environ.
  large    {"binary", "small", "big"}: a warm-up run on the small output, gc, VmHWM reset, then one
           run on the big output: wall ms, whole-process peak RSS (VmHWM) and RSS before the call.
"""

import gc
import json
import os
import statistics
import sys
import time


def _rss(field: str) -> int:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    return 0


def percall(cfg: dict) -> dict:
    import logging

    from rocky_sdk import RockyClient

    logging.getLogger("rocky_sdk").setLevel(logging.WARNING)
    binary = cfg["binary"]
    warm = RockyClient(binary_path=binary)
    warm.run("source=orders")
    tasks = {
        "run": lambda: warm.run("source=orders"),
        "state": lambda: warm.state(),
        "first": lambda: RockyClient(binary_path=binary).run("source=orders"),
    }
    p50: dict[str, list[float]] = {k: [] for k in tasks}
    for _ in range(cfg["rounds"]):
        for name, fn in tasks.items():
            for _ in range(max(2, cfg["iterations"] // 8)):
                fn()  # warm-up
            samples = []
            for _ in range(cfg["iterations"]):
                t0 = time.perf_counter()
                fn()
                samples.append((time.perf_counter() - t0) * 1000)
            p50[name].append(statistics.median(samples))
    return {k: statistics.median(v) for k, v in p50.items()} | {"rounds": p50}


def large(cfg: dict) -> dict:
    from rocky_sdk import RockyClient

    client = RockyClient(binary_path=cfg["binary"])
    os.environ["STANDIN_OUT"] = cfg["small"]
    client.run("source=orders")
    os.environ["STANDIN_OUT"] = cfg["big"]
    gc.collect()
    with open("/proc/self/clear_refs", "w", encoding="ascii") as fh:
        fh.write("5")  # resets VmHWM to the current RSS
    before = _rss("VmRSS")
    t0 = time.perf_counter()
    result = client.run("source=orders")
    ms = (time.perf_counter() - t0) * 1000
    return {
        "ms": ms,
        "peak": _rss("VmHWM"),
        "rssBefore": before,
        "result": len(result.materializations),
    }


def main() -> None:
    mode, cfg = sys.argv[1], json.loads(sys.argv[2])
    out = {"percall": percall, "large": large}[mode](cfg)
    sys.stdout.write(json.dumps(out) + "\n")


if __name__ == "__main__":
    main()
