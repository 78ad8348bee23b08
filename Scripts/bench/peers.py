#!/usr/bin/env python3
"""Side-by-side peer timings for `xent bench`: PyTorch, JAX (and scipy for entropy) on the same kernels, shapes and
dtypes, printed in the same JSON schema (one extra field per result: "library").

Run by hand (never by CI), with the peers' venv:

    /root/peers/bin/python Scripts/bench/peers.py --threads 1,2 > peers.json
    /root/peers/bin/python Scripts/bench/peers.py --quick --libraries torch
    /root/peers/bin/python Scripts/bench/peers.py --libraries torch --threads 1 --shapes 1024x512x32000 \
        --kernels linear-cross-entropy-forward-backward,matmul-three-products

NxDxV shapes (tokens, hidden size, vocabulary) are for the language-model head (torch only):
linear-cross-entropy-forward-backward times F.cross_entropy(F.linear(h, W), y) forward and backward (the gradients of
h and W, as `xent bench --kernels linear-cross-entropy-forward-backward` computes them), and matmul-three-products
times torch.matmul on the three products of that operation ([N, D]·[D, V], [N, V]·[V, D], [V, N]·[N, D]): the
sgemm rate the fused kernel is compared with. Their results carry "d" and "flops_per_second" (6·N·D·V per run;
matmul-three-products also "products_flops_per_second", one rate per product).

Each (library, threads) pair runs in its own subprocess, so that thread settings are applied before the library
loads: torch.set_num_threads(n); JAX with XLA_FLAGS for one thread, and for n threads its default on a CPU
affinity mask of n cores.
The median of --repetitions timed runs is reported after one untimed warm-up run (JIT compilation for JAX).
"""
import argparse
import json
import os
import subprocess
import sys
import time

STANDARD = [(1_000_000, 10), (65_536, 1000), (4096, 32_000), (512, 128_000)]
QUICK = [(16_384, 10), (128, 1000)]
KERNELS = ["softmax-ce-forward", "softmax-ce-forward-backward", "bce-logits-forward-backward", "entropy-rows"]
TRAFFIC = {"softmax-ce-forward": 1, "entropy-rows": 1, "softmax-ce-forward-backward": 2,
           "bce-logits-forward-backward": 3}
LINEAR_KERNELS = ["linear-cross-entropy-forward-backward", "matmul-three-products"]


CLOCK = {"now": time.perf_counter}


def median_time(fn, repetitions):
    fn()  # warm-up (and JIT)
    now = CLOCK["now"]
    times = []
    for _ in range(repetitions):
        start = now()
        fn()
        times.append(max(now() - start, 1e-9))
    times.sort()
    return times[len(times) // 2]


def copy_bandwidth(np, repetitions):
    n = 256 << 20
    src = np.ones(n, dtype=np.uint8)
    dst = np.zeros(n, dtype=np.uint8)
    t = median_time(lambda: np.copyto(dst, src), max(3, repetitions))
    return n / t


def inputs(np, n, k, dtype, seed=1):
    rng = np.random.default_rng(seed)
    x = rng.uniform(-8, 8, size=(n, k)).astype(dtype)
    labels = rng.integers(0, k, size=n)
    targets = rng.integers(0, 2, size=(n, k)).astype(dtype)
    return x, labels, targets


def run_torch(args, shapes, dtypes):
    import numpy as np
    import torch
    import torch.nn.functional as F
    torch.set_num_threads(args.threads)
    out = []
    for dtype in dtypes:
        for shape in shapes:
            if len(shape) == 3:
                out += run_torch_linear(args, torch, F, np, shape, dtype)
                continue
            n, k = shape
            x_np, labels_np, targets_np = inputs(np, n, k, np.float32 if dtype == "float32" else np.float64)
            x = torch.from_numpy(x_np)
            labels = torch.from_numpy(labels_np)
            targets = torch.from_numpy(targets_np)
            for kernel in [k for k in args.kernels if k not in LINEAR_KERNELS]:
                result = {}
                if kernel == "softmax-ce-forward":
                    def fn():
                        with torch.no_grad():
                            result["v"] = F.cross_entropy(x, labels, reduction="none").sum().item()
                elif kernel == "softmax-ce-forward-backward":
                    xr = x.clone().requires_grad_(True)

                    def fn():
                        xr.grad = None
                        loss = F.cross_entropy(xr, labels)
                        loss.backward()
                        result["v"] = loss.item() * n
                elif kernel == "bce-logits-forward-backward":
                    xr = x.clone().requires_grad_(True)

                    def fn():
                        xr.grad = None
                        loss = F.binary_cross_entropy_with_logits(xr, targets)
                        loss.backward()
                        result["v"] = loss.item() * n * k
                else:
                    p = torch.softmax(x, dim=1)

                    def fn():
                        with torch.no_grad():
                            result["v"] = torch.special.entr(p).sum(dim=1).sum().item()
                t = median_time(fn, args.repetitions)
                out.append(record("torch", kernel, dtype, n, k, args.threads, t, result["v"]))
                del fn
    return out


def run_torch_linear(args, torch, F, np, shape, dtype):
    """The language-model head on an NxDxV shape: the two-step operation, and matmul's rate on its products."""
    n, d, v = shape
    np_dtype = np.float32 if dtype == "float32" else np.float64
    rng = np.random.default_rng(1)
    h = torch.from_numpy(rng.uniform(-1, 1, size=(n, d)).astype(np_dtype))
    w = torch.from_numpy((rng.uniform(-1, 1, size=(v, d)) / np.sqrt(d)).astype(np_dtype))
    y = torch.from_numpy(rng.integers(0, v, size=n))
    flops = 6.0 * n * d * v
    out = []
    for kernel in args.kernels:
        if kernel == "linear-cross-entropy-forward-backward":
            hr = h.clone().requires_grad_(True)
            wr = w.clone().requires_grad_(True)
            result = {}

            def fn():
                hr.grad = None
                wr.grad = None
                loss = F.cross_entropy(F.linear(hr, wr), y)
                loss.backward()
                result["v"] = loss.item()
            t = median_time(fn, args.repetitions)
            out.append(record_linear("torch", kernel, dtype, shape, args.threads, t, flops, result["v"]))
        elif kernel == "matmul-three-products":
            g = torch.from_numpy(rng.uniform(-1e-3, 1e-3, size=(n, v)).astype(np_dtype))
            products = [(h, w.t()), (g, w), (g.t(), h)]
            times = []
            for a, b in products:
                times.append(median_time(lambda: torch.matmul(a, b), args.repetitions))
            t = sum(times)
            r = record_linear("torch", kernel, dtype, shape, args.threads, t, flops, 0.0)
            r["products_flops_per_second"] = [2.0 * n * d * v / x for x in times]
            out.append(r)
    return out


def record_linear(library, kernel, dtype, shape, threads, t, flops, checksum):
    """A result on an NxDxV shape: logits per second as elements, and the FLOP rate."""
    n, d, v = shape
    size = 4 if dtype == "float32" else 8
    traffic = 2 * size * (n * d + v * d)  # read h and W, write their gradients
    return {"library": library, "kernel": kernel, "dtype": dtype, "n": n, "k": v, "d": d, "threads": threads,
            "elements_per_second": n * v / t, "fraction_of_bound": traffic / t / (2 * BANDWIDTH["bw"]),
            "checksum": checksum, "flops_per_second": flops / t, "seconds": t}


def run_jax(args, shapes, dtypes):
    import numpy as np
    import jax
    import jax.numpy as jnp
    import optax
    out = []
    for dtype in dtypes:
        for shape in shapes:
            if len(shape) == 3:
                continue  # the language-model head: torch only
            n, k = shape
            x_np, labels_np, targets_np = inputs(np, n, k, np.float32 if dtype == "float32" else np.float64)
            x = jnp.asarray(x_np)
            labels = jnp.asarray(labels_np)
            targets = jnp.asarray(targets_np)
            for kernel in [k for k in args.kernels if k not in LINEAR_KERNELS]:
                if kernel == "softmax-ce-forward":
                    f = jax.jit(lambda x, l: optax.softmax_cross_entropy_with_integer_labels(x, l).sum())
                    call = lambda: f(x, labels).block_until_ready()
                elif kernel == "softmax-ce-forward-backward":
                    f = jax.jit(jax.value_and_grad(
                        lambda x, l: optax.softmax_cross_entropy_with_integer_labels(x, l).mean()))
                    call = lambda: jax.block_until_ready(f(x, labels))
                elif kernel == "bce-logits-forward-backward":
                    f = jax.jit(jax.value_and_grad(lambda x, t: optax.sigmoid_binary_cross_entropy(x, t).mean()))
                    call = lambda: jax.block_until_ready(f(x, targets))
                else:
                    p = jax.nn.softmax(x, axis=1)
                    f = jax.jit(lambda p: jax.scipy.special.entr(p).sum(axis=1))
                    call = lambda: f(p).block_until_ready()
                result = {}

                def fn():
                    result["r"] = call()
                t = median_time(fn, args.repetitions)
                r = result["r"]
                value = float(r[0]) if isinstance(r, tuple) else float(np.asarray(r).sum())
                if kernel == "softmax-ce-forward-backward":
                    value *= n
                if kernel == "bce-logits-forward-backward":
                    value *= n * k
                out.append(record("jax", kernel, dtype, n, k, args.threads, t, value))
    return out


def run_scipy(args, shapes, dtypes):
    import numpy as np
    import scipy.stats
    out = []
    if "entropy-rows" not in args.kernels:
        return out
    for dtype in dtypes:
        for shape in shapes:
            if len(shape) == 3:
                continue
            n, k = shape
            x_np, _, _ = inputs(np, n, k, np.float32 if dtype == "float32" else np.float64)
            e = np.exp(x_np - x_np.max(axis=1, keepdims=True))
            p = e / e.sum(axis=1, keepdims=True)
            result = {}

            def fn():
                result["v"] = float(scipy.stats.entropy(p, axis=1).sum())
            t = median_time(fn, args.repetitions)
            out.append(record("scipy", "entropy-rows", dtype, n, k, args.threads, t, result["v"]))
    return out


BANDWIDTH = {}


def record(library, kernel, dtype, n, k, threads, t, checksum):
    size = 4 if dtype == "float32" else 8
    rate = n * k / t
    bound = 2 * BANDWIDTH["bw"] / (TRAFFIC[kernel] * size)
    return {"library": library, "kernel": kernel, "dtype": dtype, "n": n, "k": k, "threads": threads,
            "elements_per_second": rate, "fraction_of_bound": rate / bound, "checksum": checksum}


def child(args):
    import numpy as np
    BANDWIDTH["bw"] = args.bandwidth
    shapes = parse_shapes(args)
    dtypes = args.dtypes.split(",")
    runner = {"torch": run_torch, "jax": run_jax, "scipy": run_scipy}[args.library]
    json.dump(runner(args, shapes, dtypes), sys.stdout)


def parse_shapes(args):
    if args.shapes:
        return [tuple(int(v) for v in s.lower().split("x")) for s in args.shapes.split(",")]
    return QUICK if args.quick else STANDARD


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--threads", default="1,2", help="comma-separated thread counts (default 1,2)")
    parser.add_argument("--libraries", default="torch,jax,scipy")
    parser.add_argument("--kernels", default=",".join(KERNELS))
    parser.add_argument("--dtypes", default="float32")
    parser.add_argument("--shapes", help="comma-separated ROWSxCLASSES, or NxDxV for the linear kernels")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--repetitions", type=int, default=3)
    parser.add_argument("--clock", default="wall", choices=["wall", "cpu"],
                        help="wall: elapsed time; cpu: CPU time of the process, all threads (as xent bench --clock cpu)")
    parser.add_argument("--library", help=argparse.SUPPRESS)
    parser.add_argument("--bandwidth", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.clock == "cpu":
        CLOCK["now"] = time.process_time
    if args.library:
        args.threads = int(args.threads)
        args.kernels = args.kernels.split(",")
        child(args)
        return
    import numpy as np
    bandwidth = copy_bandwidth(np, args.repetitions)
    results = []
    for library in args.libraries.split(","):
        for threads in [int(t) for t in args.threads.split(",")]:
            if library == "scipy" and threads != 1:
                continue  # numpy/scipy entropy is single-threaded
            env = dict(os.environ)
            env["OMP_NUM_THREADS"] = str(threads)
            if threads == 1:
                env["XLA_FLAGS"] = "--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1"
            else:
                env.pop("XLA_FLAGS", None)  # XLA uses the cores the affinity mask allows
            if args.dtypes != "float32":
                env["JAX_ENABLE_X64"] = "1"
            cmd = [sys.executable, __file__, "--library", library, "--threads", str(threads),
                   "--kernels", args.kernels, "--dtypes", args.dtypes, "--repetitions", str(args.repetitions),
                   "--bandwidth", str(bandwidth), "--clock", args.clock]
            if args.shapes:
                cmd += ["--shapes", args.shapes]
            if args.quick:
                cmd.append("--quick")
            cores = list(range(min(threads, os.cpu_count() or 1)))
            proc = subprocess.run(cmd, env=env, capture_output=True, text=True,
                                  preexec_fn=lambda: os.sched_setaffinity(0, set(cores)))
            if proc.returncode != 0:
                print(f"peers: {library} with {threads} thread(s) failed:\n{proc.stderr[-2000:]}", file=sys.stderr)
                continue
            results += json.loads(proc.stdout)
    json.dump({"copy_bandwidth_gbs": bandwidth / 1e9, "clock": args.clock, "results": results}, sys.stdout)
    print()


if __name__ == "__main__":
    main()
