// The built-in ops, one line each: TAPECHECK_OP(name) refers to the function
// `const OpDef& op_name()` defined in spec/ops/name.cpp. Registering an op is
// adding its line here.
TAPECHECK_OP(add)
