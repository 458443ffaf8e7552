#!/usr/bin/env python3
"""A small reverse-mode autograd engine that speaks the tapecheck engine protocol.

This is the repository's example of a user's engine: plain Python 3.11, standard
library only, micrograd-style. A tensor is a flat row-major list with a shape;
each op computes its forward and defines its local backward (a VJP closure)
right beside it; the reverse pass is a topological order and one reversed loop
that accumulates with `+=`.

It computes in four scalar domains: f64 (Python floats, bit for bit the spec's
kernels: the same float operations in the same order), f32 (every result
rounded to float32; exp, log and tanh are libm's expf, logf and tanhf, called
through ctypes), modp (integers mod 2^61-1) and tropical (max-plus). The
protocol is docs/engine-protocol.md.

Run it under tapecheck:

    tapecheck check --engine 'python3 examples/python-engine/engine.py'
    tapecheck check --engine 'python3 examples/python-engine/engine.py --bug relu-grad-at-zero-is-one'

`--bug NAME` plants one of the bugs in BUGS (search for `BUG ==`), so that you
can watch tapecheck catch it. Logs go to stderr; stdout carries protocol only.
"""
import argparse
import ctypes
import ctypes.util
import json
import math
import sys

ENGINE_VERSION = "1.0"

BUGS = {
    "shared-backward-twice": "a node reached along two paths (two consumers, or one that reads it twice) runs its backward twice",
    "square-by-self-overwrites": "mul(x, x) gives x·g: a repeated argument's cotangent overwrites instead of adding",
    "relu-grad-at-zero-is-one": "relu'(0) = 1",
    "grads-not-zeroed": "gradients are not cleared between two backward passes",
    "matmul-no-transpose": "matmul's VJP for A reads B where it should read Bᵀ",
    "forward-vjp-disagree": "exp's forward is off by a factor 1 + 2^-6 that its VJP does not follow",
}
BUG = None  # set from --bug in main()


def log(*parts):
    print("engine.py:", *parts, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------
# Scalar domains
# ---------------------------------------------------------------------------

P = 2**61 - 1


class ModP:
    """An integer mod P = 2^61-1, with the field's + and * and unary -."""

    __slots__ = ("v",)

    def __init__(self, v):
        self.v = v % P  # Python's % is never negative

    def __add__(self, other):
        return ModP(self.v + other.v)

    def __mul__(self, other):
        return ModP(self.v * other.v)

    def __neg__(self):
        return ModP(-self.v)


class MaxPlus:
    """A tropical (max-plus) number: `+` is max, `*` is ordinary addition."""

    __slots__ = ("v",)

    def __init__(self, v):
        self.v = v

    def __add__(self, other):
        return other if self.v < other.v else self  # max; the left one on a tie

    def __mul__(self, other):
        return MaxPlus(self.v + other.v)


class F32(float):
    """A float32 value held in a Python float: every + * and - rounds to float32.

    Why this is exact: a double holds the exact sum or product of two float32
    values rounded once to 53 bits, and rounding that to 24 bits gives the
    correctly rounded float32 result (53 >= 2·24 + 2), as C++'s float does."""

    __slots__ = ()

    def __new__(cls, x):
        return float.__new__(cls, ctypes.c_float(x).value)  # round to nearest float32

    def __add__(self, other):
        return F32(float.__add__(self, other))

    def __mul__(self, other):
        return F32(float.__mul__(self, other))

    def __neg__(self):
        return F32(float.__neg__(self))


def parse_float(text):
    return float.fromhex(text) if text.lstrip("+-").lower().startswith("0x") else float(text)


def reciprocal_float(x):
    # IEEE 1/±0 is ±inf; Python raises ZeroDivisionError instead.
    return 1.0 / x if x != 0 else math.copysign(math.inf, x)


# Analytic functions of f64. Python's math module calls the same libm functions
# as C++'s std::exp/log/tanh, but raises where C returns inf or NaN.
def exp_f64(x):
    try:
        return math.exp(x)
    except OverflowError:
        return math.inf


def log_f64(x):
    if x > 0 or x != x:  # positive, +inf or NaN
        return math.log(x)
    return -math.inf if x == 0 else math.nan


def libm_f32(name):
    """libm's float32 function `name` (expf, ...): what C++'s std::exp(float) calls."""
    fn = getattr(ctypes.CDLL(ctypes.util.find_library("m")), name)
    fn.restype, fn.argtypes = ctypes.c_float, [ctypes.c_float]
    return lambda x: F32(fn(x))


class Domain:
    """What the kernels need of a scalar domain besides + * and unary -
    (and, in a real domain, comparisons)."""

    def __init__(self, name, algebra, zero, one, of_int, reciprocal, parse, format,
                 exp=None, log=None, tanh=None):
        self.name, self.algebra = name, algebra
        self.zero, self.one = zero, one
        self.of_int, self.reciprocal = of_int, reciprocal
        self.parse, self.format = parse, format
        self.exp, self.log, self.tanh = exp, log, tanh


ALGEBRAS = ["semiring", "ring", "field", "real"]  # each includes the ones before it

F64 = Domain("f64", "real", 0.0, 1.0, float, reciprocal_float, parse_float, repr,
             exp_f64, log_f64, math.tanh)
MODP = Domain("modp", "field", ModP(0), ModP(1), ModP,
              # Fermat's inverse; the spec's reciprocal of 0 is 0, and so is pow(0, P-2, P).
              lambda x: ModP(pow(x.v, P - 2, P)),
              lambda text: ModP(int(text)), lambda x: str(x.v))
TROPICAL = Domain("tropical", "semiring", MaxPlus(-math.inf), MaxPlus(0.0),
                  lambda n: MaxPlus(0.0 if n >= 1 else -math.inf), None,  # n·one
                  lambda text: MaxPlus(parse_float(text)), lambda x: repr(x.v))
DOMAINS = {d.name: d for d in (F64, MODP, TROPICAL)}
try:
    # repr of a float32 value held in a double parses back to that float32.
    DOMAINS["f32"] = Domain("f32", "real", F32(0.0), F32(1.0), F32,
                            lambda x: F32(reciprocal_float(x)),
                            lambda text: F32(parse_float(text)), repr,
                            libm_f32("expf"), libm_f32("logf"), libm_f32("tanhf"))
except (OSError, AttributeError, TypeError) as e:  # no C math library found
    log("f32 is off: no libm:", e)


# ---------------------------------------------------------------------------
# Tensors and the reverse pass
# ---------------------------------------------------------------------------


class Tensor:
    """One recorded position: its value, and how to send its gradient back."""

    def __init__(self, data, shape, parents=(), vjp=None):
        self.data = data             # flat, row-major
        self.shape = tuple(shape)
        self.parents = parents       # argument tensors in argument order; repeats allowed: mul(x, x)
        self.vjp = vjp               # cotangent of the output -> one cotangent per argument
        self.grad = None
        self.id = None               # position in the recording

    def backward_step(self):
        """Pushes self.grad into the parents: micrograd's `_backward`."""
        if self.vjp is None:
            return  # a leaf
        cotangents = self.vjp(self.grad)
        for i, parent in enumerate(self.parents):
            if any(q is parent for q in self.parents[:i]):
                continue  # a repeated argument: already sent with its first occurrence
            # Why one contribution per distinct parent, summed in argument order
            # and added as `existing + contribution`: that is the spec's order of
            # float additions (DESIGN.md, "Semantics to keep exact"), so f64
            # gradients come out bit for bit the same.
            contribution = cotangents[i]
            for j in range(i + 1, len(self.parents)):
                if self.parents[j] is parent:
                    if BUG == "square-by-self-overwrites":
                        contribution = cotangents[j]  # BUG: overwrites instead of adding
                    else:
                        contribution = [x + y for x, y in zip(contribution, cotangents[j])]
            for k, c in enumerate(contribution):
                parent.grad[k] += c

    def distinct_parents(self):
        return sorted({p.id for p in self.parents})


def topological_order(positions):
    # Why positions in id order rather than micrograd's DFS: every node's
    # arguments are earlier positions, so id order is topological, and its
    # reverse visits nodes from the highest id down, as the spec does; with
    # the accumulation in backward_step that makes f64 gradients bit-exact.
    # A real engine may visit in another order; a later tapecheck will accept
    # any order within a rounding bound.
    if BUG == "shared-backward-twice":
        # BUG: a node is listed once per argument that reads it, as a DFS from
        # the outputs without a visited set lists it (minus that DFS's
        # exponential blow-up): a node read by two consumers, or twice by one
        # as in add(y, y), runs its backward more than once.
        reads = {id(t): 0 for t in positions}
        for t in positions:
            for p in t.parents:
                reads[id(p)] += 1
        return [t for t in positions for _ in range(max(1, reads[id(t)]))]
    return list(positions)


def zero_grad(positions, D):
    for t in positions:
        t.grad = [D.zero] * len(t.data)


def backward(positions, seeds):
    """One reverse pass: every position p is seeded with seeds[p], added to its grad."""
    for t, seed in zip(positions, seeds):
        for k, s in enumerate(seed):
            t.grad[k] += s
    for t in reversed(topological_order(positions)):
        t.backward_step()


# ---------------------------------------------------------------------------
# Ops: forward and VJP side by side, one function per op, registered by name.
# Each takes (D, attrs, env, *args) and returns the output Tensor. The kernels
# follow spec/ops/<name>.cpp operation for operation: `a + -b` where the spec
# writes it, sums from D.zero in ascending index, δ on the left.
# ---------------------------------------------------------------------------

OPS = {}  # name -> (algebra, function)


def op(name, algebra):
    def register(fn):
        OPS[name] = (algebra, fn)
        return fn
    return register


def numel(shape):
    return math.prod(shape)


def split_at(shape, axis):
    """shape seen as [outer, length, inner] around one axis."""
    return numel(shape[:axis]), shape[axis], numel(shape[axis + 1:])


@op("add", "semiring")
def add(D, attrs, env, a, b):
    out = [x + y for x, y in zip(a.data, b.data)]
    def vjp(g):
        return list(g), list(g)
    return Tensor(out, a.shape, (a, b), vjp)


@op("sub", "ring")
def sub(D, attrs, env, a, b):
    out = [x + -y for x, y in zip(a.data, b.data)]
    def vjp(g):
        return list(g), [-d for d in g]
    return Tensor(out, a.shape, (a, b), vjp)


@op("mul", "semiring")
def mul(D, attrs, env, a, b):
    out = [x * y for x, y in zip(a.data, b.data)]
    def vjp(g):
        return [d * y for d, y in zip(g, b.data)], [d * x for d, x in zip(g, a.data)]
    return Tensor(out, a.shape, (a, b), vjp)


@op("neg", "ring")
def neg(D, attrs, env, a):
    def vjp(g):
        return ([-d for d in g],)
    return Tensor([-x for x in a.data], a.shape, (a,), vjp)


@op("scale", "ring")
def scale(D, attrs, env, a):
    k = D.of_int(attrs[0])
    def vjp(g):
        return ([k * d for d in g],)
    return Tensor([k * x for x in a.data], a.shape, (a,), vjp)


@op("square", "semiring")
def square(D, attrs, env, a):
    def vjp(g):
        return ([d * (x + x) for d, x in zip(g, a.data)],)
    return Tensor([x * x for x in a.data], a.shape, (a,), vjp)


@op("sum", "semiring")
def sum_(D, attrs, env, a):
    acc = D.zero
    for x in a.data:
        acc = acc + x
    def vjp(g):
        return ([g[0]] * len(a.data),)
    return Tensor([acc], (), (a,), vjp)


@op("dot", "semiring")
def dot(D, attrs, env, a, b):
    acc = D.zero
    for x, y in zip(a.data, b.data):
        acc = acc + x * y
    def vjp(g):
        return [g[0] * y for y in b.data], [g[0] * x for x in a.data]
    return Tensor([acc], (), (a, b), vjp)


@op("mean", "field")
def mean(D, attrs, env, a):
    n = len(a.data)
    # An empty a has mean zero and gets nothing (else 0·(1/0) = NaN in floats).
    out = D.zero
    if n:
        acc = D.zero
        for x in a.data:
            acc = acc + x
        out = acc * D.reciprocal(D.of_int(n))
    def vjp(g):
        if not n:
            return ([],)
        return ([g[0] * D.reciprocal(D.of_int(n))] * n,)
    return Tensor([out], (), (a,), vjp)


@op("mseLoss", "field")
def mse_loss(D, attrs, env, yhat, target):
    n = len(yhat.data)
    inv_n = D.reciprocal(D.of_int(n if n else 1))  # 1 when empty: the loss is 0, not 0/0
    acc = D.zero
    for y, t in zip(yhat.data, target.data):
        diff = y + -t
        acc = acc + diff * diff
    def vjp(g):
        two = D.of_int(2)
        grads = [g[0] * two * (y + -t) * inv_n for y, t in zip(yhat.data, target.data)]
        return grads, [-x for x in grads]
    return Tensor([acc * inv_n], (), (yhat, target), vjp)


@op("matmul", "semiring")
def matmul(D, attrs, env, A, B):
    (m, n), p = A.shape, B.shape[1]
    a, b = A.data, B.data
    out = [D.zero] * (m * p)
    for i in range(m):
        for j in range(p):
            acc = D.zero
            for k in range(n):
                acc = acc + a[i * n + k] * b[k * p + j]
            out[i * p + j] = acc
    def vjp(g):
        dA = [D.zero] * (m * n)
        for i in range(m):
            for k in range(n):
                acc = D.zero
                for j in range(p):
                    if BUG == "matmul-no-transpose":
                        acc = acc + g[i * p + j] * b[j * n + k]  # BUG: B's data read as [p, n], not Bᵀ
                    else:
                        acc = acc + g[i * p + j] * b[k * p + j]  # δ·Bᵀ
                dA[i * n + k] = acc
        dB = [D.zero] * (n * p)
        for k in range(n):
            for j in range(p):
                acc = D.zero
                for i in range(m):
                    acc = acc + a[i * n + k] * g[i * p + j]  # Aᵀ·δ
                dB[k * p + j] = acc
        return dA, dB
    return Tensor(out, (m, p), (A, B), vjp)


@op("linear", "semiring")
def linear(D, attrs, env, W, b, x):
    rows, cols = W.shape
    w = W.data
    out = []
    for r in range(rows):
        acc = D.zero
        for k in range(cols):
            acc = acc + w[r * cols + k] * x.data[k]
        out.append(acc + b.data[r])  # b added last
    def vjp(g):
        dW = [g[r] * x.data[k] for r in range(rows) for k in range(cols)]
        dx = []
        for k in range(cols):
            acc = D.zero
            for r in range(rows):
                acc = acc + w[r * cols + k] * g[r]
            dx.append(acc)
        return dW, list(g), dx
    return Tensor(out, (rows,), (W, b, x), vjp)


@op("transpose2d", "semiring")
def transpose2d(D, attrs, env, a):
    m, n = a.shape
    out = [a.data[i * n + j] for j in range(n) for i in range(m)]
    def vjp(g):
        return ([g[j * m + i] for i in range(m) for j in range(n)],)
    return Tensor(out, (n, m), (a,), vjp)


@op("reshape", "semiring")
def reshape(D, attrs, env, a):
    def vjp(g):
        return (list(g),)
    return Tensor(list(a.data), attrs, (a,), vjp)


@op("broadcastTo", "semiring")
def broadcast_to(D, attrs, env, a):
    target, source = tuple(attrs), a.shape
    leading = len(target) - len(source)

    def source_index(flat):
        """The flat index of a that output element `flat` reads (axes right-aligned)."""
        index, stride = 0, 1
        for axis in reversed(range(leading, len(target))):
            coordinate = flat % target[axis]
            flat //= target[axis]
            if source[axis - leading] != 1:
                index += coordinate * stride
            stride *= source[axis - leading]
        return index

    reads = [source_index(i) for i in range(numel(target))]
    def vjp(g):
        da = [D.zero] * len(a.data)
        for i, d in enumerate(g):  # ascending flat index of δ
            da[reads[i]] += d
        return (da,)
    return Tensor([a.data[s] for s in reads], target, (a,), vjp)


@op("reduceSum", "semiring")
def reduce_sum(D, attrs, env, a):
    axis = attrs[0]
    outer, length, inner = split_at(a.shape, axis)
    out = []
    for o in range(outer):
        for i in range(inner):
            acc = D.zero
            for k in range(length):
                acc = acc + a.data[(o * length + k) * inner + i]
            out.append(acc)
    def vjp(g):
        da = [D.zero] * len(a.data)
        for o in range(outer):
            for k in range(length):
                for i in range(inner):
                    da[(o * length + k) * inner + i] = g[o * inner + i]
        return (da,)
    return Tensor(out, a.shape[:axis] + a.shape[axis + 1:], (a,), vjp)


@op("concat", "semiring")
def concat(D, attrs, env, a, b):
    axis = attrs[0]
    shape = a.shape[:axis] + (a.shape[axis] + b.shape[axis],) + a.shape[axis + 1:]
    outer = numel(shape[:axis])
    # Output row o (along [outer, ·]) is a's row o followed by b's row o.
    row_a = len(a.data) // outer if outer else 0
    row_b = len(b.data) // outer if outer else 0
    out = []
    for o in range(outer):
        out += a.data[o * row_a:(o + 1) * row_a] + b.data[o * row_b:(o + 1) * row_b]
    def vjp(g):
        da, db = [], []
        for o in range(outer):
            at = o * (row_a + row_b)
            da += g[at:at + row_a]
            db += g[at + row_a:at + row_a + row_b]
        return da, db
    return Tensor(out, shape, (a, b), vjp)


@op("slice", "semiring")
def slice_(D, attrs, env, a):
    axis, start, length = attrs
    full = a.shape[axis]
    shape = a.shape[:axis] + (length,) + a.shape[axis + 1:]
    outer, _, inner = split_at(shape, axis)
    # Output element (o, k, i) is a's element (o, start + k, i).
    reads = [(o * full + start + k) * inner + i
             for o in range(outer) for k in range(length) for i in range(inner)]
    def vjp(g):
        da = [D.zero] * len(a.data)
        for out_index, a_index in enumerate(reads):
            da[a_index] = g[out_index]  # zero-padded back into place
        return (da,)
    return Tensor([a.data[r] for r in reads], shape, (a,), vjp)


def env_row(env, offset, i, rows):
    """The row env[offset + i] names, or None when it is past the end of env or outside [0, rows)."""
    if offset + i >= len(env):
        return None
    row = env[offset + i]
    return row if 0 <= row < rows else None


@op("gather", "semiring")
def gather(D, attrs, env, x):
    offset, count = attrs
    shape = (count,) + x.shape[1:]
    width = numel(x.shape[1:])
    # Out-of-range rows read zeros and get no gradient.
    sources = [env_row(env, offset, i, x.shape[0]) for i in range(count)]
    out = [D.zero] * (count * width)
    for i, row in enumerate(sources):
        if row is not None:
            out[i * width:(i + 1) * width] = x.data[row * width:(row + 1) * width]
    def vjp(g):
        dx = [D.zero] * len(x.data)
        for i, row in enumerate(sources):  # i ascending
            if row is not None:
                for r in range(width):
                    dx[row * width + r] += g[i * width + r]
        return (dx,)
    return Tensor(out, shape, (x,), vjp)


@op("scatterAdd", "semiring")
def scatter_add(D, attrs, env, x, src):
    offset = attrs[0]
    count, width = src.shape[0], numel(src.shape[1:])
    # Src rows whose env index is out of range are dropped and get no gradient.
    targets = [env_row(env, offset, i, x.shape[0]) for i in range(count)]
    out = list(x.data)
    for i, row in enumerate(targets):  # i ascending
        if row is not None:
            for r in range(width):
                out[row * width + r] += src.data[i * width + r]
    def vjp(g):
        dsrc = [D.zero] * len(src.data)
        for i, row in enumerate(targets):
            if row is not None:
                dsrc[i * width:(i + 1) * width] = g[row * width:(row + 1) * width]
        return list(g), dsrc
    return Tensor(out, x.shape, (x, src), vjp)


@op("div", "field")
def div(D, attrs, env, a, b):
    # a · reciprocal(b); in modp reciprocal(0) = 0, in f64 it is ±inf.
    out = [x * D.reciprocal(y) for x, y in zip(a.data, b.data)]
    def vjp(g):
        da, db = [], []
        for d, x, y in zip(g, a.data, b.data):
            r = D.reciprocal(y)
            da.append(d * r)
            db.append(-(d * x * r * r))
        return da, db
    return Tensor(out, a.shape, (a, b), vjp)


# Real ops (f64 and f32): order, exp, log, tanh.

@op("relu", "real")
def relu(D, attrs, env, a):
    def vjp(g):
        if BUG == "relu-grad-at-zero-is-one":
            return ([d if x >= 0 else D.zero for d, x in zip(g, a.data)],)  # BUG: relu'(0) = 1
        return ([d if x > 0 else D.zero for d, x in zip(g, a.data)],)  # relu'(0) = 0
    return Tensor([x if x > 0 else D.zero for x in a.data], a.shape, (a,), vjp)


@op("abs", "real")
def abs_(D, attrs, env, a):
    def sign(x):
        return D.one if x > 0 else -D.one if x < 0 else D.zero
    def vjp(g):
        return ([d * sign(x) for d, x in zip(g, a.data)],)
    # -x only where x < 0: abs(-0) is -0, as in the spec.
    return Tensor([-x if x < 0 else x for x in a.data], a.shape, (a,), vjp)


def extremum(larger):
    """max (larger=True) or min: a on a tie (incl. ±0 and NaN), and a tie splits δ ½–½."""
    def beats(x, y):
        return y < x if larger else x < y

    def forward(D, attrs, env, a, b):
        def vjp(g):
            half = D.reciprocal(D.of_int(2))
            da, db = [D.zero] * len(g), [D.zero] * len(g)
            for i, (d, x, y) in enumerate(zip(g, a.data, b.data)):
                if beats(x, y):
                    da[i] = d
                elif beats(y, x):
                    db[i] = d
                else:
                    da[i], db[i] = d * half, d * half
            return da, db
        out = [y if beats(y, x) else x for x, y in zip(a.data, b.data)]
        return Tensor(out, a.shape, (a, b), vjp)
    return forward


op("max", "real")(extremum(True))
op("min", "real")(extremum(False))


@op("exp", "real")
def exp(D, attrs, env, a):
    if BUG == "forward-vjp-disagree":
        out = [D.exp(x) * D.parse("0x1.04p+0") for x in a.data]  # BUG: a forward 1 + 2^-6 too large...
        def vjp(g):
            return ([d * D.exp(x) for d, x in zip(g, a.data)],)  # ...and the true derivative
        return Tensor(out, a.shape, (a,), vjp)
    out = [D.exp(x) for x in a.data]
    def vjp(g):
        return ([d * y for d, y in zip(g, out)],)  # from the forward value y
    return Tensor(out, a.shape, (a,), vjp)


@op("log", "real")
def log_(D, attrs, env, a):
    def vjp(g):
        return ([d * D.reciprocal(x) for d, x in zip(g, a.data)],)
    return Tensor([D.log(x) for x in a.data], a.shape, (a,), vjp)


@op("tanh", "real")
def tanh(D, attrs, env, a):
    out = [D.tanh(x) for x in a.data]
    def vjp(g):
        return ([d * (D.one + -(y * y)) for d, y in zip(g, out)],)
    return Tensor(out, a.shape, (a,), vjp)


@op("sigmoid", "real")
def sigmoid(D, attrs, env, a):
    out = [D.reciprocal(D.one + D.exp(-x)) for x in a.data]
    def vjp(g):
        return ([d * y * (D.one + -y) for d, y in zip(g, out)],)
    return Tensor(out, a.shape, (a,), vjp)


@op("softplus", "real")
def softplus(D, attrs, env, a):
    # log(1 + exp(x)), no large-x shortcut; the VJP recomputes sigmoid from x.
    def vjp(g):
        return ([d * D.reciprocal(D.one + D.exp(-x)) for d, x in zip(g, a.data)],)
    return Tensor([D.log(D.one + D.exp(x)) for x in a.data], a.shape, (a,), vjp)


@op("softmax", "real")
def softmax(D, attrs, env, a):
    n = a.shape[-1]  # rows are the last axis, contiguous
    x, out = a.data, []
    rows = range(0, len(x), n) if n else []  # a row of length 0 has nothing to do
    for row in rows:
        m = x[row]
        for j in range(1, n):
            if m < x[row + j]:
                m = x[row + j]
        e, s = [], D.zero
        for j in range(n):
            e.append(D.exp(x[row + j] + -m))
            s = s + e[-1]
        r = D.reciprocal(s)
        out += [v * r for v in e]
    def vjp(g):
        dx = []
        for row in rows:
            t = D.zero
            for j in range(n):
                t = t + g[row + j] * out[row + j]
            dx += [out[row + j] * (g[row + j] + -t) for j in range(n)]
        return (dx,)
    return Tensor(out, a.shape, (a,), vjp)


# ---------------------------------------------------------------------------
# Running one case
# ---------------------------------------------------------------------------


class Refused(Exception):
    """A case this engine cannot run (an unknown domain or op)."""


def record(case, D):
    """Builds the recording: one tensor per position, inputs first."""
    graph = case["graph"]
    positions = [Tensor([D.parse(s) for s in values], shape)
                 for shape, values in zip(graph["inputs"], case["inputs"])]
    env = case.get("env", [])
    for node in graph["nodes"]:
        if node["op"] not in OPS:
            raise Refused("unknown op " + node["op"])
        algebra, forward = OPS[node["op"]]
        if ALGEBRAS.index(algebra) > ALGEBRAS.index(D.algebra):
            raise Refused(f"{node['op']} needs a {algebra}; {D.name} is a {D.algebra}")
        args = [positions[p] for p in node["args"]]
        positions.append(forward(D, node.get("attrs", []), env, *args))
    for i, t in enumerate(positions):
        t.id = i
    return positions


def run_case(case):
    D = DOMAINS.get(case["domain"])
    if D is None:
        raise Refused("unknown domain " + case["domain"])
    want = set(case["want"])
    positions = record(case, D)
    result = {}
    if "values" in want:
        result["values"] = [[D.format(v) for v in t.data] for t in positions]
    if "edges" in want:
        result["edges"] = [[t.id, p] for t in positions for p in t.distinct_parents()]
    if "gradients" in want or "second_backward" in want:
        seeds = [[D.parse(s) for s in seed] for seed in case["seed_context"]]
        zero_grad(positions, D)
        backward(positions, seeds)
        if "gradients" in want:
            result["gradients"] = [[D.format(v) for v in t.grad] for t in positions]
        if "second_backward" in want:
            if BUG != "grads-not-zeroed":  # BUG (when set): the first pass's grads stay
                zero_grad(positions, D)
            backward(positions, seeds)
            result["gradients_again"] = [[D.format(v) for v in t.grad] for t in positions]
    return result


def answer(case):
    try:
        return run_case(case)
    except Refused as why:
        return {"refused": str(why)}
    except Exception as e:  # the engine failed on a valid case: the property fails
        return {"error": f"{type(e).__name__}: {e}"}


# ---------------------------------------------------------------------------
# The protocol loop
# ---------------------------------------------------------------------------


def send(message):
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def hello():
    return {"type": "hello", "protocol": "tapecheck-engine", "version": 1,
            "engine": "python-engine" + (f" [bug: {BUG}]" if BUG else ""),
            "engine_version": ENGINE_VERSION,
            "domains": list(DOMAINS),
            "ops": list(OPS),
            "capabilities": {"values": True, "gradients": True, "edges": True,
                             "second_backward": True},
            "max_batch": 64}


def main():
    global BUG
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bug", choices=sorted(BUGS), help="plant one bug")
    BUG = parser.parse_args().bug  # the handshake's engine name says which
    for line in sys.stdin:  # ends when tapecheck closes our stdin
        if not line.strip():
            continue
        message = json.loads(line)
        kind = message.get("type")
        if kind == "hello":
            send(hello())
        elif kind == "run":
            send({"type": "result", "id": message["id"],
                  "results": [answer(case) for case in message["cases"]]})
        elif kind == "bye":
            return
        else:
            log("ignoring a message of type", repr(kind))


if __name__ == "__main__":
    main()
