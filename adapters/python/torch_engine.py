#!/usr/bin/env python3
"""PyTorch behind the tapecheck engine protocol, version 1.

Each case's graph is recorded as an ordinary PyTorch program: the inputs are
leaf tensors with requires_grad, every node is the torch function that
computes the spec's op (spec/ops/NAME.cpp), and the gradients come from one
call of torch.autograd.backward seeded at every position. Nothing here
re-implements a kernel or a VJP: the values, gradients and edges are
PyTorch's own, so tapecheck tests PyTorch's autograd, not this file.

    tapecheck check  --engine 'python3 adapters/python/torch_engine.py'
    tapecheck replay --engine 'python3 adapters/python/torch_engine.py' CASE.json

Domains f64 (torch.float64) and f32 (torch.float32), on the CPU. Where
PyTorch's op means something else than the spec's at some inputs (NaN in
maximum/minimum, softplus above its threshold, relu'(NaN), the mean of an
empty tensor), this file does not paper over it: it calls the natural torch
function and lets tapecheck report the difference (adapters/python/findings/).

The protocol is docs/engine-protocol.md. Stdout carries protocol only; logs go
to stderr.
"""
import ast
import importlib.util
import json
import os
import sys

# One thread per engine process: tapecheck runs one engine per worker
# (--jobs), and the cases are small, so intra-op threads only cost.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

SYSTEM_PYTHON = "/usr/bin/python3"  # where Debian's python3-torch is importable

if importlib.util.find_spec("torch") is None:
    # `python3` on PATH may be another interpreter (pyenv, a venv) that does not
    # see Debian's dist-packages: run this file again under the system one.
    # Nothing has been read from stdin or written to stdout yet.
    if (os.path.exists(SYSTEM_PYTHON) and not os.environ.get("TORCH_ENGINE_REEXEC")
            and os.path.realpath(sys.executable) != os.path.realpath(SYSTEM_PYTHON)):
        print(f"torch_engine.py: no torch in {sys.executable}; running under {SYSTEM_PYTHON}",
              file=sys.stderr, flush=True)
        os.environ["TORCH_ENGINE_REEXEC"] = "1"
        os.execv(SYSTEM_PYTHON, [SYSTEM_PYTHON] + sys.argv)
    print("torch_engine.py: cannot find torch; run adapters/python/install.sh",
          file=sys.stderr, flush=True)
    sys.exit(1)

# `import torch` takes 3 s on an idle 2-core machine and more than 10 s (the
# handshake's --engine-timeout) under load. So the handshake is answered first,
# with the version read from torch/version.py (the file torch.__version__ comes
# from), and torch is imported when the first run request arrives.
torch = None  # the module, once load_torch() has run
F = None      # torch.nn.functional


def torch_version_unimported():
    """torch.__version__, read from torch/version.py without importing torch."""
    origin = importlib.util.find_spec("torch").origin
    with open(os.path.join(os.path.dirname(origin), "version.py"), encoding="utf-8") as f:
        for statement in ast.parse(f.read()).body:
            if (isinstance(statement, ast.Assign) and len(statement.targets) == 1
                    and getattr(statement.targets[0], "id", None) == "__version__"):
                return ast.literal_eval(statement.value)
    return None


def load_torch():
    global torch, F
    if torch is not None:
        return
    import torch as torch_module
    import torch.nn.functional as functional
    torch, F = torch_module, functional
    torch.set_num_threads(1)
    if HANDSHAKE_VERSION is not None and torch.__version__ != HANDSHAKE_VERSION:
        log(f"torch.__version__ is {torch.__version__}, the handshake said {HANDSHAKE_VERSION}")


MAX_BATCH = 64
DTYPES = {"f64": "float64", "f32": "float32"}  # attribute names of torch's dtypes
HANDSHAKE_VERSION = None  # set by hello()


def log(*parts):
    print("torch_engine.py:", *parts, file=sys.stderr, flush=True)


class Refused(Exception):
    """A case this engine cannot run at all (an op or domain it does not have)."""


# ---------------------------------------------------------------------------
# Values as text
# ---------------------------------------------------------------------------


def parse_value(text):
    """A protocol value: decimal or hex float literal, "nan", "inf", "-inf", "-0"."""
    body = text.lstrip("+-")
    if body[:2] in ("0x", "0X"):
        return float.fromhex(text)
    return float(text)


def format_value(x):
    """Exact text of a Python float (a float32 element converts to one exactly)."""
    if x != x:
        return "nan"  # one spelling for every NaN; the protocol does not compare payloads
    return x.hex()  # "inf" and "-inf" come out as such


def tensor_of(texts, shape, dtype):
    return torch.tensor([parse_value(t) for t in texts], dtype=dtype).reshape(shape)


def texts_of(t):
    return [format_value(x) for x in t.detach().reshape(-1).tolist()]


def index_tensor(rows):
    return torch.tensor(rows, dtype=torch.long)


# ---------------------------------------------------------------------------
# Ops: spec name -> the torch function computing the same mathematical op.
# Each takes (attrs, env, *args) and returns a new tensor.
# ---------------------------------------------------------------------------

OPS = {}


def op(name):
    def register(fn):
        OPS[name] = fn
        return fn
    return register


op("add")(lambda attrs, env, a, b: torch.add(a, b))
op("sub")(lambda attrs, env, a, b: torch.sub(a, b))
op("mul")(lambda attrs, env, a, b: torch.mul(a, b))
op("div")(lambda attrs, env, a, b: torch.div(a, b))
op("neg")(lambda attrs, env, a: torch.neg(a))
# scale: c·a for the integer attribute c; torch multiplies by the Python int
# converted to the tensor's dtype (exact for |c| <= 1000).
op("scale")(lambda attrs, env, a: torch.mul(a, attrs[0]))
op("square")(lambda attrs, env, a: torch.square(a))
op("abs")(lambda attrs, env, a: torch.abs(a))
op("relu")(lambda attrs, env, a: torch.relu(a))
op("exp")(lambda attrs, env, a: torch.exp(a))
op("log")(lambda attrs, env, a: torch.log(a))
op("tanh")(lambda attrs, env, a: torch.tanh(a))
op("sigmoid")(lambda attrs, env, a: torch.sigmoid(a))
# softplus with PyTorch's defaults (beta 1, threshold 20): above the threshold
# torch returns x itself; the spec has no such shortcut.
op("softplus")(lambda attrs, env, a: F.softplus(a))
# max / min: NaN propagates from either side in torch; the spec keeps a on
# an unordered pair. Ties split the gradient in half in both.
op("max")(lambda attrs, env, a, b: torch.maximum(a, b))
op("min")(lambda attrs, env, a, b: torch.minimum(a, b))
op("sum")(lambda attrs, env, a: torch.sum(a))
# mean of an empty tensor is NaN in torch, 0 in the spec.
op("mean")(lambda attrs, env, a: torch.mean(a))
# The spec's dot takes two tensors of any one shape; torch.dot wants 1-D ones.
op("dot")(lambda attrs, env, a, b: torch.dot(a.reshape(-1), b.reshape(-1)))
op("mseLoss")(lambda attrs, env, yhat, t: F.mse_loss(yhat, t))  # reduction "mean"
op("matmul")(lambda attrs, env, a, b: torch.mm(a, b))
# linear(W, b, x) = W·x + b; torch's F.linear takes (input, weight, bias).
op("linear")(lambda attrs, env, w, b, x: F.linear(x, w, b))
op("transpose2d")(lambda attrs, env, a: torch.t(a))
op("reshape")(lambda attrs, env, a: torch.reshape(a, tuple(attrs)))
op("broadcastTo")(lambda attrs, env, a: a.expand(tuple(attrs)))  # numpy alignment, as the spec
op("reduceSum")(lambda attrs, env, a: torch.sum(a, dim=attrs[0]))
op("concat")(lambda attrs, env, a, b: torch.cat((a, b), dim=attrs[0]))
op("slice")(lambda attrs, env, a: torch.narrow(a, attrs[0], attrs[1], attrs[2]))
op("softmax")(lambda attrs, env, a: torch.softmax(a, dim=-1))


def env_row(env, at, rows):
    """env[at] when it exists and names a row in [0, rows), else None."""
    if at >= len(env):
        return None
    row = env[at]
    return row if 0 <= row < rows else None


# gather and scatterAdd read row indices from env. An index past the end of
# env or outside the rows reads a zero row (gather) or drops the src row
# (scatterAdd) in the spec; torch's index_select / index_add would raise on
# it, so those rows are left out before calling them. In-range rows go
# through index_select / index_add as they are.
@op("gather")
def gather(attrs, env, x):
    offset, count = attrs
    rows = [env_row(env, offset + i, x.shape[0]) for i in range(count)]
    if all(r is not None for r in rows):
        return torch.index_select(x, 0, index_tensor(rows))
    keep = [i for i, r in enumerate(rows) if r is not None]
    picked = torch.index_select(x, 0, index_tensor([rows[i] for i in keep]))
    zeros = x.new_zeros((count,) + tuple(x.shape[1:]))
    return torch.index_copy(zeros, 0, index_tensor(keep), picked)


@op("scatterAdd")
def scatter_add(attrs, env, x, src):
    offset = attrs[0]
    targets = [env_row(env, offset + i, x.shape[0]) for i in range(src.shape[0])]
    if all(t is not None for t in targets):
        return torch.index_add(x, 0, index_tensor(targets), src)
    keep = [i for i, t in enumerate(targets) if t is not None]
    rows = torch.index_select(src, 0, index_tensor(keep))
    return torch.index_add(x, 0, index_tensor([targets[i] for i in keep]), rows)


# ---------------------------------------------------------------------------
# Running one case
# ---------------------------------------------------------------------------


def record(case, dtype):
    """The recording: one tensor per position, the inputs as leaves first."""
    graph = case["graph"]
    env = case.get("env") or []
    positions = [tensor_of(values, shape, dtype).requires_grad_()
                 for shape, values in zip(graph["inputs"], case["inputs"])]
    for node in graph["nodes"]:
        fn = OPS.get(node["op"])
        if fn is None:
            raise Refused("no torch mapping for op " + node["op"])
        args = [positions[p] for p in node["args"]]
        out = fn(node.get("attrs") or [], env, *args)
        if out.grad_fn is None or any(out is t for t in positions):
            # Not seen with torch 1.13; a position must be a tensor of its own.
            raise RuntimeError(f"torch returned no new recorded tensor for {node['op']}")
        positions.append(out)
    return positions


def edges_of(positions, n_inputs):
    """[position, parent] pairs from grad_fn.next_functions.

    A node whose torch function is a composition (gather, dot, ...) has
    grad_fns of its own between it and its arguments' grad_fns; the walk goes
    through those until it meets a position's grad_fn or a leaf's
    AccumulateGrad."""
    owner = {positions[p].grad_fn: p for p in range(n_inputs, len(positions))}
    leaf = {id(positions[p]): p for p in range(n_inputs)}
    edges = []
    for p in range(n_inputs, len(positions)):
        parents, seen = set(), set()
        stack = [fn for fn, _ in positions[p].grad_fn.next_functions]
        while stack:
            fn = stack.pop()
            if fn is None or fn in seen:
                continue
            seen.add(fn)
            if fn in owner:
                parents.add(owner[fn])
            elif hasattr(fn, "variable"):  # AccumulateGrad of a leaf
                parents.add(leaf[id(fn.variable)])
            else:
                stack.extend(next_fn for next_fn, _ in fn.next_functions)
        edges += [[p, q] for q in sorted(parents)]
    return edges


def backward_pass(positions, n_inputs, seeds, retain_graph):
    """One backward pass seeded at every position; returns every position's gradient."""
    for t in positions:
        t.grad = None
    roots = positions[n_inputs:]
    if roots:
        torch.autograd.backward(roots, seeds[n_inputs:], retain_graph=retain_graph)
    grads = []
    for p, t in enumerate(positions):
        g = t.grad
        if p < n_inputs:
            # A leaf is no root of the backward call: its own seed is added here.
            g = seeds[p] if g is None else g + seeds[p]
        elif g is None:
            raise RuntimeError(f"no gradient reached position {p}")
        grads.append(texts_of(g))
    return grads


def run_case(case):
    if case["domain"] not in DTYPES:
        raise Refused("domain " + case["domain"] + " is not one of " + ", ".join(DTYPES))
    dtype = getattr(torch, DTYPES[case["domain"]])
    want = set(case["want"])
    positions = record(case, dtype)
    n_inputs = len(case["graph"]["inputs"])
    result = {}
    if "values" in want:
        result["values"] = [texts_of(t) for t in positions]
    if "edges" in want:
        result["edges"] = edges_of(positions, n_inputs)
    twice = "second_backward" in want
    if "gradients" in want or twice:
        seeds = [tensor_of(s, t.shape, dtype) for s, t in zip(case["seed_context"], positions)]
        for t in positions[n_inputs:]:
            t.retain_grad()
        grads = backward_pass(positions, n_inputs, seeds, retain_graph=twice)
        if "gradients" in want:
            result["gradients"] = grads
        if twice:
            result["gradients_again"] = backward_pass(positions, n_inputs, seeds, retain_graph=False)
    return result


def answer(case):
    try:
        return run_case(case)
    except Refused as why:
        return {"refused": str(why)}
    except Exception as e:  # torch raised on a valid case: the property fails with this
        return {"error": f"{type(e).__name__}: {e}"}


# ---------------------------------------------------------------------------
# The protocol loop
# ---------------------------------------------------------------------------


def send(message):
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def hello():
    global HANDSHAKE_VERSION
    if torch is None:
        HANDSHAKE_VERSION = torch_version_unimported()
    if HANDSHAKE_VERSION is None:  # no version.py to read: import torch now
        load_torch()
    if torch is not None:
        HANDSHAKE_VERSION = torch.__version__
    return {"type": "hello", "protocol": "tapecheck-engine", "version": 1,
            "engine": "pytorch", "engine_version": HANDSHAKE_VERSION,
            "domains": list(DTYPES),
            "ops": sorted(OPS),
            "capabilities": {"values": True, "gradients": True, "edges": True,
                             "second_backward": True},
            "max_batch": MAX_BATCH}


def main():
    for line in sys.stdin:  # until tapecheck closes our stdin
        if not line.strip():
            continue
        message = json.loads(line)
        kind = message.get("type")
        if kind == "hello":
            send(hello())
        elif kind == "run":
            load_torch()
            send({"type": "result", "id": message["id"],
                  "results": [answer(case) for case in message["cases"]]})
        elif kind == "bye":
            return
        else:
            log("ignoring a message of type", repr(kind))


if __name__ == "__main__":
    main()
