// The built-in ops, one line each: TAPECHECK_OP(name) refers to the function
// `const OpDef& op_name()` defined in spec/ops/name.cpp. Registering an op is
// adding its line here.
TAPECHECK_OP(add)
TAPECHECK_OP(sub)
TAPECHECK_OP(mul)
TAPECHECK_OP(neg)
TAPECHECK_OP(scale)
TAPECHECK_OP(sum)
TAPECHECK_OP(matmul)
TAPECHECK_OP(transpose2d)
TAPECHECK_OP(broadcastTo)
TAPECHECK_OP(relu)
TAPECHECK_OP(tanh)
TAPECHECK_OP(exp)
TAPECHECK_OP(gather)
