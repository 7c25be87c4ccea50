"""The end-to-end solve at programme scale, from Python and from the CLI.

The round: tokten.demo_problem(seed=...) at its default size (650 experts, 140 institutions,
100 needs). Timed (median of --repeat runs after one warm-up, wall clock):

  tokten.solve(problem)                         the in-memory call (budget: < 50 ms)
  save_problem + load_problem + solve           the JSON round trip, each part and the sum
  tokten solve FILE -o OUT                      the CLI as a subprocess (process start included)

plus solve_summary's stage times (context, candidates, matching, explanations) of one run.

    python3 benchmarks/bench_solve.py [--seed 1] [--repeat 20] [--cli PATH]

tokten is the installed package; set PYTHONPATH to use another build (e.g. a tree holding
python/tokten plus its built _core module). The CLI is --cli, else $TOKTEN_CLI, else `tokten` on
PATH, else build/cmake/src/cli/tokten; it is skipped when it has no `solve` command.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def median_ms(fn, repeat: int) -> tuple[float, float]:
    fn()  # warm-up
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1e3)
    return statistics.median(times), min(times)


def find_cli(explicit: str | None) -> str | None:
    candidates = [explicit, os.environ.get("TOKTEN_CLI"), shutil.which("tokten"),
                  str(Path(__file__).resolve().parents[1] / "build/cmake/src/cli/tokten")]
    for c in candidates:
        if not c or not Path(c).exists():
            continue
        probe = subprocess.run([c, "--help"], capture_output=True, text=True)
        if "tokten solve" in probe.stdout + probe.stderr:
            return c
    return None


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--cli-repeat", type=int, default=5)
    ap.add_argument("--cli", default=None)
    args = ap.parse_args()

    import tokten

    if not hasattr(tokten, "solve"):
        print(f"tokten at {tokten.__file__} has no solve(); set PYTHONPATH to a build that has it",
              file=sys.stderr)
        return 1
    problem = tokten.demo_problem(seed=args.seed)
    experts, needs = len(problem.experts), len(problem.needs)
    seats = sum(n.seats for n in problem.needs)

    rows: list[tuple[str, float, float]] = []
    solve_med, solve_min = median_ms(lambda: tokten.solve(problem), args.repeat)
    rows.append(("tokten.solve(problem)", solve_med, solve_min))

    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "demo.json")
        out = os.path.join(tmp, "assignment.json")
        save_med, save_min = median_ms(lambda: tokten.save_problem(problem, path), args.repeat)
        load_med, load_min = median_ms(lambda: tokten.load_problem(path), args.repeat)
        loaded = tokten.load_problem(path)
        solve2_med, solve2_min = median_ms(lambda: tokten.solve(loaded), args.repeat)

        def round_trip():
            tokten.save_problem(problem, path)
            tokten.solve(tokten.load_problem(path))

        rt_med, rt_min = median_ms(round_trip, args.repeat)
        rows.append(("  save_problem (JSON write)", save_med, save_min))
        rows.append(("  load_problem (JSON read + checks)", load_med, load_min))
        rows.append(("  tokten.solve(loaded problem)", solve2_med, solve2_min))
        rows.append(("save + load + solve (JSON round trip)", rt_med, rt_min))

        assignment_a = tokten.solve(problem)
        assignment_b = tokten.solve(loaded)
        same = (tokten.assignment_to_dict(assignment_a) == tokten.assignment_to_dict(assignment_b))

        cli = find_cli(args.cli)
        cli_note = "skipped: no tokten CLI with a solve command found"
        if cli:
            tokten.save_problem(problem, path)
            cmd = [cli, "solve", path, "-o", out]
            first = subprocess.run(cmd, capture_output=True, text=True)
            if first.returncode != 0:
                cli_note = f"failed ({first.returncode}): {first.stderr.strip()[:200]}"
            else:
                times = []
                for _ in range(args.cli_repeat):
                    t = time.perf_counter()
                    subprocess.run(cmd, capture_output=True, check=True)
                    times.append((time.perf_counter() - t) * 1e3)
                rows.append((f"CLI `tokten solve demo.json -o out.json` (median of {args.cli_repeat})",
                             statistics.median(times), min(times)))
                cli_note = f"CLI: {cli}"

    _, summary = tokten.solve_summary(problem)
    stages = dict(re.findall(r"(context|candidates|matching|explanations) ([0-9.]+) ms", summary))

    print(f"Machine: {cpu_model()}, {os.cpu_count()} CPUs; Python {platform.python_version()}; "
          f"tokten {tokten.__version__} from {Path(tokten.__file__).parent}")
    print(f"Round: tokten.demo_problem(seed={args.seed}): {experts} experts x {needs} needs "
          f"({seats} seats), k = 50; median of {args.repeat} after a warm-up.\n")
    print("| what | median ms | min ms |\n|---|---:|---:|")
    for name, med, mn in rows:
        print(f"| {name} | {med:.1f} | {mn:.1f} |")
    if stages:
        print("\nStages of one solve (solve_summary): " +
              ", ".join(f"{k} {v} ms" for k, v in stages.items()))
    print(f"{cli_note}")
    print(f"In-memory and round-trip assignments identical: {same}")
    print(f"Budget (< 50 ms from Python): {'met' if solve_med < 50 else 'NOT met'} "
          f"(round trip {'within' if rt_med < 50 else 'over'} 50 ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
