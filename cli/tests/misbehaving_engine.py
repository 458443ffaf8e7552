#!/usr/bin/env python3
"""An engine that breaks the protocol on purpose, one way per MODE, for the
robustness tests of tapecheck's engine client (engine_protocol_test.cpp).

Every mode answers the handshake correctly (unless the mode is about the
handshake) and then answers run requests with correct-looking but wrong
replies. Values are always zero: the tests are about the protocol, not
gradients. Usage: misbehaving_engine.py MODE
"""
import json
import os
import sys
import time

MODE = sys.argv[1] if len(sys.argv) > 1 else "ok"


def send(message):
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def hello():
    return {"type": "hello", "protocol": "tapecheck-engine", "version": 2 if MODE == "version-mismatch" else 1,
            "engine": "misbehaving-" + MODE, "domains": ["f64"], "ops": ["add", "mul", "neg", "exp"],
            "capabilities": capabilities()}


def capabilities():
    declared = {"values": True, "gradients": True}
    if MODE == "unknown-capabilities":
        # A newer protocol's capabilities, or the engine's own: off, never an error.
        declared.update({"per_node_vjp": True, "hessians": {"order": 2}, "jvp": False})
    return declared


def elements(shape):
    n = 1
    for d in shape:
        n *= d
    return n


def shapes_of(case):
    # Only add, mul, neg, exp: elementwise, so a node has its first argument's shape.
    shapes = [list(s) for s in case["graph"]["inputs"]]
    for node in case["graph"]["nodes"]:
        shapes.append(shapes[node["args"][0]])
    return shapes


def result(case):
    zeros = [["0"] * elements(s) for s in shapes_of(case)]
    out = {}
    if MODE == "wrong-position-count":
        zeros = zeros[:-1]
    if MODE == "wrong-shape":
        zeros = [z + ["0"] for z in zeros]
    if MODE == "number-not-text":
        zeros = [[0.0] * len(z) for z in zeros]
    if MODE == "not-a-number":
        zeros = [["zero"] * len(z) for z in zeros]
    for want in case["want"]:
        out[want] = zeros
    if MODE == "refuses":
        out = {"refused": "not today"}
    if MODE == "raises":
        out = {"error": "ValueError: the engine failed on purpose"}
    return out


def main():
    if MODE == "exits-at-once":
        sys.exit(3)
    if MODE == "stdout-before-handshake":
        print("loading model weights...", flush=True)
    for line in sys.stdin:
        request = json.loads(line)
        if request["type"] == "hello":
            if MODE == "silent":
                time.sleep(3600)
            send(hello())
        elif request["type"] == "run":
            ops = {n["op"] for c in request["cases"] for n in c["graph"]["nodes"]}
            if MODE == "crashes-on-exp" and "exp" in ops:
                os.kill(os.getpid(), 11)
            if MODE == "hangs-on-exp" and "exp" in ops:
                time.sleep(3600)
            if MODE == "slow":
                time.sleep(0.05)  # each answer late, none missing: busy, not hung
            if MODE == "not-json":
                sys.stdout.write("this is not json\n")
                sys.stdout.flush()
                continue
            reply = {"type": "result", "id": request["id"] + (1 if MODE == "wrong-id" else 0),
                     "results": [result(c) for c in request["cases"]]}
            if MODE == "wrong-result-count":
                reply["results"].append({})
            send(reply)
        elif request["type"] == "bye":
            return


if __name__ == "__main__":
    main()
