#!/usr/bin/env python3
"""The smallest complete engine for the tapecheck engine protocol (version 1).

Plain Python, standard library only, f64 only, six ops. Run it under tapecheck:

    tapecheck check --engine 'python3 examples/python-engine/minimal_engine.py'

The protocol is docs/engine-protocol.md; engine.py beside this file is a
bigger engine (every op, four domains, planted bugs).
"""
import json
import math
import sys


class Tensor:
    """One position of the recording: flat row-major values, and its backward."""

    def __init__(self, data, parents=(), vjp=None):
        self.data = data        # a list of floats
        self.parents = parents  # argument positions, in argument order (repeats allowed)
        self.vjp = vjp          # cotangent of this position -> one cotangent per argument
        self.grad = None


def parse(text):
    """A value as the protocol sends it: decimal, hex float, "nan", "inf" or "-inf"."""
    return float.fromhex(text) if "0x" in text else float(text)


# Each op: its forward, and its VJP right beside it, as the spec has them
# (spec/ops/NAME.cpp): the same float operations in the same order.
def add(a, b):
    return Tensor([x + y for x, y in zip(a.data, b.data)], (a, b), lambda g: (g, g))


def mul(a, b):
    return Tensor([x * y for x, y in zip(a.data, b.data)], (a, b),
                  lambda g: ([d * y for d, y in zip(g, b.data)], [d * x for d, x in zip(g, a.data)]))


def neg(a):
    return Tensor([-x for x in a.data], (a,), lambda g: ([-d for d in g],))


def relu(a):
    return Tensor([0.0 if x <= 0 else x for x in a.data], (a,),
                  lambda g: ([d if x > 0 else 0.0 for d, x in zip(g, a.data)],))


def tanh(a):
    y = [math.tanh(x) for x in a.data]
    return Tensor(y, (a,), lambda g: ([d * (1.0 + -(v * v)) for d, v in zip(g, y)],))


def sum_(a):
    total = 0.0
    for x in a.data:  # from zero, in ascending index
        total += x
    return Tensor([total], (a,), lambda g: ([g[0]] * len(a.data),))


OPS = {"add": add, "mul": mul, "neg": neg, "relu": relu, "tanh": tanh, "sum": sum_}


def run_case(case):
    """Records the case's graph, then runs one backward pass seeded at every position."""
    positions = [Tensor([parse(v) for v in values]) for values in case["inputs"]]
    for node in case["graph"]["nodes"]:
        positions.append(OPS[node["op"]](*[positions[p] for p in node["args"]]))
    for t, seed in zip(positions, case["seed_context"]):
        t.grad = [parse(s) for s in seed]  # every position is seeded, inputs too
    for t in reversed(positions):  # ids are a topological order: the highest first
        if t.vjp is None:
            continue  # an input
        cotangents = t.vjp(t.grad)
        for i, parent in enumerate(t.parents):
            if parent in t.parents[:i]:
                continue  # a repeated argument, as in mul(x, x): sent with its first occurrence
            # Why sum the repeats first: the spec adds one contribution per distinct
            # parent, so f64 gradients come out bit for bit the spec's.
            contribution = cotangents[i]
            for j in range(i + 1, len(t.parents)):
                if t.parents[j] is parent:
                    contribution = [x + y for x, y in zip(contribution, cotangents[j])]
            parent.grad = [x + y for x, y in zip(parent.grad, contribution)]
    result = {}
    if "values" in case["want"]:
        result["values"] = [[repr(v) for v in t.data] for t in positions]
    if "gradients" in case["want"]:
        result["gradients"] = [[repr(v) for v in t.grad] for t in positions]
    return result


def answer(case):
    try:
        return run_case(case)
    except Exception as e:  # an error of the engine on a valid case: the property fails
        return {"error": f"{type(e).__name__}: {e}"}


def send(message):
    sys.stdout.write(json.dumps(message) + "\n")  # one JSON object per line
    sys.stdout.flush()


for line in sys.stdin:  # until tapecheck closes our stdin
    message = json.loads(line)
    if message["type"] == "hello":
        send({"type": "hello", "protocol": "tapecheck-engine", "version": 1,
              "engine": "minimal-python", "engine_version": "1",
              "domains": ["f64"], "ops": list(OPS),
              "capabilities": {"values": True, "gradients": True},
              "max_batch": 64})
    elif message["type"] == "run":  # a batch of up to max_batch cases, answered in order
        send({"type": "result", "id": message["id"],
              "results": [answer(case) for case in message["cases"]]})
    elif message["type"] == "bye":
        break
