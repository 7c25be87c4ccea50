"""Solves in threads run in parallel: the GIL is released while tokten's C++ works.

Times N independent solves run one after another, then the same N solves in a pool of T threads
(concurrent.futures.ThreadPoolExecutor), on the same problems; reports the median wall time of
each and the speed-up serial / threads (ideal: min(T, cores)). Every threaded result is checked
equal to its serial result. Three workloads:

  solve       tokten.solve on demo rounds (seeds 1..N) of --experts x --needs
  lsap        tokten.linear_sum_assignment on N uniform n x n matrices (--n)
  b_matching  tokten.b_matching on N 2n x n matrices, row capacity 1, column capacity 2

    python3 benchmarks/bench_threads.py [--tasks 8] [--threads 2] [--reps 3]
"""

from __future__ import annotations

import argparse
import os
import sys
from concurrent.futures import ThreadPoolExecutor

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import machine, median_time  # noqa: E402

import tokten  # noqa: E402


def workloads(args):
    problems = [tokten.demo_problem(seed=s, experts=args.experts, needs=args.needs) for s in range(1, args.tasks + 1)]
    rng = np.random.default_rng(7)
    squares = [rng.random((args.n, args.n)) for _ in range(args.tasks)]
    wides = [rng.random((2 * args.n, args.n)) for _ in range(args.tasks)]
    return {
        "solve": (lambda p: tokten.solve(p).assignment, problems),
        "lsap": (lambda c: tokten.linear_sum_assignment(c)[1].tolist(), squares),
        "b_matching": (lambda w: [a.tolist() for a in tokten.b_matching(w, 1, 2, maximize=True)], wides),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tasks", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--experts", type=int, default=20000)
    parser.add_argument("--needs", type=int, default=2000)
    parser.add_argument("--n", type=int, default=1500)
    args = parser.parse_args()
    print(machine())
    print(f"{args.tasks} tasks, {args.threads} threads, median of {args.reps} runs; cores: {os.cpu_count()}\n")
    print("| workload | serial s | threads s | speed-up serial/threads |")
    print("|---|---:|---:|---:|")
    for name, (work, inputs) in workloads(args).items():
        serial_time, serial = median_time(lambda: [work(x) for x in inputs], args.reps)
        with ThreadPoolExecutor(args.threads) as pool:
            threaded_time, threaded = median_time(lambda: list(pool.map(work, inputs)), args.reps)
        if threaded != serial:
            raise SystemExit(f"{name}: the threaded results differ from the serial ones")
        print(f"| {name} | {serial_time:.3f} | {threaded_time:.3f} | {serial_time / threaded_time:.2f} |")


if __name__ == "__main__":
    main()
