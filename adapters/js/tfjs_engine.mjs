#!/usr/bin/env node
// TensorFlow.js behind the tapecheck engine protocol, version 1
// (docs/engine-protocol.md): JSON lines on stdin and stdout.
//
//   tapecheck check --engine 'node adapters/js/tfjs_engine.mjs'
//
// What it is: every spec op lowered onto the tf.* function that computes the
// same mathematical op, run by TF.js 4.22.0 on its pure-JS 'cpu' backend (set
// explicitly), in float32 (the only domain TF.js computes in). Gradients come
// from TF.js's own reverse mode (tf.grads); nothing here differentiates by
// hand, and nothing papers over a TF.js result that differs from the spec.
//
// How the gradient of every position is obtained. The protocol wants, for one
// backward pass seeded at every position p with seed_p, the gradient of every
// position, intermediates included. TF.js differentiates one scalar with
// respect to the tensors it is handed, so:
//   F = sum over positions p of sum(position_p * seed_p)
// and every op node's output is made a function input of its own:
//   position_p = op(args) + z_p,   z_p a tensor of -0 of the position's shape.
// dF/dz_p is then the adjoint of position p (add passes its cotangent through
// unchanged), and dF/dx_i that of input i. Why -0 and not +0: x + (-0) == x
// bit for bit for every float x (-0 + -0 = -0, NaN stays NaN), while x + (+0)
// turns -0 into +0, which would change values downstream (1/x, say). The seed
// term's cotangent is 1 * seed_p, exact. The z_p need the positions' shapes
// before the pass: `shapeOf` infers them from the spec's shape rules, and a tf
// result of another shape is reported as an error of the case.
//
// Only protocol goes to stdout: every console method is sent to stderr before
// TF.js loads (the cpu backend prints a hint through console.warn).
import { createInterface } from 'node:readline';
import { format } from 'node:util';

const toStderr = (...parts) => { process.stderr.write(format(...parts) + '\n'); };
console.log = toStderr;
console.info = toStderr;
console.debug = toStderr;
console.warn = toStderr;
console.trace = toStderr;

// The @tensorflow/tfjs package is loaded for one side effect besides its API
// (which is tfjs-core's own): in Node, tfjs-core's build registers no
// gradients (dist/tf-core.node.js has none; its dist/gradients/*.js are ES
// modules Node cannot load as shipped), and @tensorflow/tfjs's Node build is
// what registers TF.js's gradient functions. The kernels are
// @tensorflow/tfjs-backend-cpu's.
const tf = await import('@tensorflow/tfjs');

function log(...parts) {
  toStderr('tfjs_engine:', ...parts);
}

if (!(await tf.setBackend('cpu')) || tf.getBackend() !== 'cpu') {
  log('cannot select the cpu backend; got', tf.getBackend());
  process.exit(2);
}

const ENGINE_VERSION = tf.version_core;
const MAX_BATCH = 64;

// ---------------------------------------------------------------------------
// Values as text
// ---------------------------------------------------------------------------

/** 2^e as a double, for any integer e in the double range. */
function scaleByPowerOfTwo(x, e) {
  while (e > 1000) { x *= 2 ** 1000; e -= 1000; }
  while (e < -1000) { x *= 2 ** -1000; e += 1000; }
  return x * 2 ** e;
}

/** A protocol value string as a JS number (already a float32 value after fround). */
function parseValue(text) {
  if (typeof text !== 'string') throw new Error(`a value is ${JSON.stringify(text)}, not a string`);
  const t = text.trim().toLowerCase();
  if (t === 'nan' || t === '+nan' || t === '-nan') return NaN;
  if (t === 'inf' || t === '+inf' || t === 'infinity' || t === '+infinity') return Infinity;
  if (t === '-inf' || t === '-infinity') return -Infinity;
  const hex = /^([+-]?)0x([0-9a-f]*)(?:\.([0-9a-f]*))?(?:p([+-]?\d+))?$/.exec(t);
  if (hex) {
    const [, sign, whole = '', fraction = '', exponent = '0'] = hex;
    if (whole === '' && fraction === '') throw new Error(`'${text}' is not a number`);
    const mantissa = BigInt('0x' + (whole + fraction || '0'));
    const magnitude = scaleByPowerOfTwo(Number(mantissa), Number(exponent) - 4 * fraction.length);
    return Math.fround(sign === '-' ? -magnitude : magnitude);
  }
  if (t === '' || !/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/.test(t)) {
    throw new Error(`'${text}' is not a number`);
  }
  return Math.fround(Number(t));
}

/** A float32 element (read from a Float32Array, so exact as a double) as protocol text. */
function formatValue(x) {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (Object.is(x, -0)) return '-0';
  // The shortest decimal that reads back as this double, which is the float32
  // value exactly; it also rounds to that float32 when read as a float.
  return String(x);
}

function formatTensor(t) {
  return Array.from(t.dataSync(), formatValue);
}

// ---------------------------------------------------------------------------
// Shapes (the spec's rules, spec/ops/*.cpp), for the z_p of every position
// ---------------------------------------------------------------------------

const numel = (shape) => shape.reduce((n, d) => n * d, 1);

function shapeOf(op, argShapes, attrs) {
  const [a, b] = argShapes;
  switch (op) {
    case 'sum': case 'mean': case 'dot': case 'mseLoss':
      return [];
    case 'matmul':
      return [a[0], b[1]];
    case 'linear':
      return [a[0]];
    case 'transpose2d':
      return [a[1], a[0]];
    case 'reshape': case 'broadcastTo':
      return attrs.slice();
    case 'reduceSum':
      return a.filter((_, axis) => axis !== attrs[0]);
    case 'concat':
      return a.map((d, axis) => (axis === attrs[0] ? d + b[axis] : d));
    case 'slice':
      return a.map((d, axis) => (axis === attrs[0] ? attrs[2] : d));
    case 'gather':
      return [attrs[1], ...a.slice(1)];
    default:  // elementwise ops, softmax and scatterAdd keep their first argument's shape
      return a.slice();
  }
}

// ---------------------------------------------------------------------------
// The op lowering: spec op -> the tf function that computes the same op
// ---------------------------------------------------------------------------

/** Row `offset + i` of env, or -1 when it is past the end of env or outside [0, rows). */
function envRow(env, offset, i, rows) {
  if (offset + i >= env.length) return -1;
  const row = env[offset + i];
  return Number.isInteger(row) && row >= 0 && row < rows ? row : -1;
}

// Each entry: (args, attrs, env) -> tf.Tensor. Arguments come in spec order.
const OPS = {
  add: ([a, b]) => tf.add(a, b),
  sub: ([a, b]) => tf.sub(a, b),
  mul: ([a, b]) => tf.mul(a, b),
  div: ([a, b]) => tf.div(a, b),
  neg: ([a]) => tf.neg(a),
  // c·a for the integer attribute c, as a float32 scalar broadcast over a.
  scale: ([a], [c]) => tf.mul(a, tf.scalar(c, 'float32')),
  square: ([a]) => tf.square(a),
  abs: ([a]) => tf.abs(a),
  relu: ([a]) => tf.relu(a),
  max: ([a, b]) => tf.maximum(a, b),
  min: ([a, b]) => tf.minimum(a, b),
  exp: ([a]) => tf.exp(a),
  log: ([a]) => tf.log(a),
  tanh: ([a]) => tf.tanh(a),
  sigmoid: ([a]) => tf.sigmoid(a),
  softplus: ([a]) => tf.softplus(a),
  // Over the last axis, which is the spec's row.
  softmax: ([a]) => tf.softmax(a, -1),
  sum: ([a]) => tf.sum(a),
  mean: ([a]) => tf.mean(a),
  // The spec's dot takes two tensors of any one shape; tf.dot only ranks 1 and 2.
  dot: ([a, b]) => tf.sum(tf.mul(a, b)),
  // tf.losses.meanSquaredError(labels, predictions): the spec's (ŷ, t) is (predictions, labels).
  mseLoss: ([yhat, target]) => tf.losses.meanSquaredError(target, yhat),
  matmul: ([a, b]) => tf.matMul(a, b),
  // W·x + b: tf.dot of a matrix and a vector is the matrix-vector product.
  linear: ([w, b, x]) => tf.add(tf.dot(w, x), b),
  transpose2d: ([a]) => tf.transpose(a),
  reshape: ([a], dims) => tf.reshape(a, dims),
  broadcastTo: ([a], dims) => tf.broadcastTo(a, dims),
  reduceSum: ([a], [axis]) => tf.sum(a, axis),
  concat: ([a, b], [axis]) => tf.concat([a, b], axis),
  slice: ([a], [axis, start, length]) => {
    const begin = a.shape.map((_, i) => (i === axis ? start : 0));
    const size = a.shape.map((d, i) => (i === axis ? length : d));
    return tf.slice(a, begin, size);
  },
  // Row i of the result is row env[offset + i] of x. tf.gather rejects an
  // index outside [0, n) (the cpu kernel asserts); the spec reads a zero row
  // there. Such rows, if any, index a zero row appended to x, so tf.gather
  // (and its gradient) still does all the work.
  gather: ([x], [offset, count], env) => {
    const rows = x.shape[0];
    const indices = Array.from({ length: count }, (_, i) => envRow(env, offset, i, rows));
    if (indices.every((r) => r >= 0)) return tf.gather(x, tf.tensor1d(indices, 'int32'), 0);
    const padded = tf.concat([x, tf.zeros([1, ...x.shape.slice(1)], 'float32')], 0);
    return tf.gather(padded, tf.tensor1d(indices.map((r) => (r >= 0 ? r : rows)), 'int32'), 0);
  },
  // x plus src's rows summed into the rows env names: tf.unsortedSegmentSum
  // with x's row count as the number of segments. A dropped src row (no index,
  // or one outside [0, m)) gets segment id -1, which TF's segment ops define
  // as dropped.
  scatterAdd: ([x, src], [offset], env) => {
    const rows = x.shape[0];
    const ids = Array.from({ length: src.shape[0] }, (_, i) => envRow(env, offset, i, rows));
    return tf.add(x, tf.unsortedSegmentSum(src, tf.tensor1d(ids, 'int32'), rows));
  },
};

// ---------------------------------------------------------------------------
// Running one case
// ---------------------------------------------------------------------------

class Refused extends Error {}

const sameShape = (s, t) => s.length === t.length && s.every((d, i) => d === t[i]);

/** The case's graph and values, checked for what this engine needs. */
function prepare(c) {
  if (c.domain !== 'f32') throw new Refused(`domain ${c.domain}: TF.js computes in float32 only (f32)`);
  const graph = c.graph;
  for (const node of graph.nodes) {
    if (!Object.hasOwn(OPS, node.op)) throw new Refused(`op ${node.op} is not lowered onto TF.js`);
  }
  if (!Array.isArray(c.inputs) || c.inputs.length !== graph.inputs.length) {
    throw new Error('the case has ' + (c.inputs?.length ?? 0) + ' input tensors for ' + graph.inputs.length + ' graph inputs');
  }
  const inputs = graph.inputs.map((shape, i) => {
    const values = c.inputs[i].map(parseValue);
    if (values.length !== numel(shape)) throw new Error(`input ${i} has ${values.length} values for shape [${shape}]`);
    return { shape, values: Float32Array.from(values) };
  });
  const shapes = graph.inputs.map((s) => s.slice());
  for (const node of graph.nodes) {
    shapes.push(shapeOf(node.op, node.args.map((p) => shapes[p]), node.attrs ?? []));
  }
  return { graph, inputs, shapes, env: c.env ?? [] };
}

/** Records the nodes on top of the input positions; zs (when given) are added to each node's output. */
function forward(prep, inputTensors, zs) {
  const positions = inputTensors.slice();
  prep.graph.nodes.forEach((node, k) => {
    const id = positions.length;
    const out = OPS[node.op](node.args.map((p) => positions[p]), node.attrs ?? [], prep.env);
    if (!sameShape(out.shape, prep.shapes[id])) {
      throw new Error(`%${id} = ${node.op}: TF.js gave shape [${out.shape}], the spec [${prep.shapes[id]}]`);
    }
    positions.push(zs ? tf.add(out, zs[k]) : out);
  });
  return positions;
}

function runCase(c) {
  const prep = prepare(c);
  const want = new Set(c.want ?? []);
  const result = {};
  const nInputs = prep.inputs.length;
  if (!want.has('gradients')) {
    if (want.has('values')) {
      result.values = tf.tidy(() => {
        const xs = prep.inputs.map(({ shape, values }) => tf.tensor(values, shape, 'float32'));
        return forward(prep, xs, null).map(formatTensor);
      });
    }
    return result;
  }
  if (!Array.isArray(c.seed_context) || c.seed_context.length !== prep.shapes.length) {
    throw new Error(`seed_context has ${c.seed_context?.length ?? 0} tensors for ${prep.shapes.length} positions`);
  }
  const seeds = c.seed_context.map((s, p) => {
    const values = s.map(parseValue);
    if (values.length !== numel(prep.shapes[p])) throw new Error(`seed ${p} has ${values.length} values for shape [${prep.shapes[p]}]`);
    return Float32Array.from(values);
  });
  if (prep.shapes.length === 0) {
    // No position at all (an empty graph): nothing to differentiate, and
    // tf.grads refuses an empty list of tensors.
    result.gradients = [];
    if (want.has('values')) result.values = [];
    return result;
  }
  const kept = [];
  try {
    tf.tidy(() => {
      const xs = prep.inputs.map(({ shape, values }) => tf.tensor(values, shape, 'float32'));
      const zs = prep.shapes.slice(nInputs).map((shape) => tf.tensor(new Float32Array(numel(shape)).fill(-0), shape, 'float32'));
      const seedTensors = seeds.map((values, p) => tf.tensor(values, prep.shapes[p], 'float32'));
      const objective = (...vars) => {
        const positions = forward(prep, vars.slice(0, nInputs), vars.slice(nInputs));
        if (want.has('values')) positions.forEach((t) => kept.push(tf.keep(t)));
        let total = null;
        positions.forEach((t, p) => {
          const term = tf.sum(tf.mul(t, seedTensors[p]));
          total = total === null ? term : tf.add(total, term);
        });
        return total;
      };
      const grads = tf.grads(objective)([...xs, ...zs]);
      result.gradients = grads.map(formatTensor);
    });
    if (want.has('values')) result.values = kept.map(formatTensor);
  } finally {
    kept.forEach((t) => t.dispose());
  }
  return result;
}

function answer(c) {
  try {
    return runCase(c);
  } catch (e) {
    if (e instanceof Refused) return { refused: e.message };
    return { error: `${e?.name ?? 'Error'}: ${e?.message ?? String(e)}` };
  }
}

// ---------------------------------------------------------------------------
// The protocol loop
// ---------------------------------------------------------------------------

function send(message) {
  process.stdout.write(JSON.stringify(message) + '\n');
}

function hello() {
  return {
    type: 'hello', protocol: 'tapecheck-engine', version: 1,
    engine: 'tfjs', engine_version: ENGINE_VERSION,
    domains: ['f32'],
    ops: Object.keys(OPS),
    capabilities: { values: true, gradients: true },
    max_batch: MAX_BATCH,
  };
}

function quit() {
  process.stdout.write('', () => process.exit(0));
}

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity, terminal: false });
lines.on('line', (line) => {
  if (!line.trim()) return;
  let message;
  try {
    message = JSON.parse(line);
  } catch (e) {
    log('ignoring a line that is not JSON:', e.message);
    return;
  }
  switch (message.type) {
    case 'hello':
      send(hello());
      break;
    case 'run':
      send({ type: 'result', id: message.id, results: (message.cases ?? []).map(answer) });
      if (tf.memory().numTensors > 10000) log('tensors left alive:', tf.memory().numTensors);
      break;
    case 'bye':
      lines.close();
      break;
    default:
      log('ignoring a message of type', JSON.stringify(message.type));
  }
});
lines.on('close', quit);
