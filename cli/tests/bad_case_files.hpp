#pragma once
// Bad case files, each with the JSON Pointer and words its error must name.
// Built by damaging one valid case, so each shows exactly one problem.
#include <functional>
#include <ostream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace tapecheck::cli::test {

/// A valid modp case: %0 input [2], %1 input [], %2 = mul(%0, %0), %3 = sum(%2).
inline nlohmann::json validCaseJson() {
  return nlohmann::json::parse(R"({
    "format": "tapecheck-case", "version": 1,
    "property": "T3_backward_eq_spec", "domain": "modp",
    "graph": {"inputs": [[2], []],
              "nodes": [{"op": "mul", "args": [0, 0], "attrs": []},
                        {"op": "sum", "args": [2], "attrs": []}]},
    "inputs": [["3", "4"], ["5"]],
    "env": [],
    "seed_context": [["0", "0"], ["0"], ["1", "2"], ["1"]]
  })");
}

/// A case that is small on disk but heavy in work: `nodes` transpose2d nodes
/// on a [rows, 0] input, which has no element to write down but whose every
/// op still loops over `rows` empty rows (the validator allows 2^28).
inline nlohmann::json emptyRowsCase(std::size_t rows, std::size_t nodes) {
  nlohmann::json j = validCaseJson();
  j["graph"]["inputs"] = {{rows, 0}};
  j["graph"]["nodes"] = nlohmann::json::array();
  for (std::size_t k = 0; k < nodes; ++k) j["graph"]["nodes"].push_back({{"op", "transpose2d"}, {"args", {0}}});
  j["inputs"] = {nlohmann::json::array()};
  j["seed_context"] = nlohmann::json::array();
  for (std::size_t p = 0; p <= nodes; ++p) j["seed_context"].push_back(nlohmann::json::array());
  return j;
}

struct BadCaseFile {
  std::string name;
  std::function<std::string()> text;  // the whole file
  std::string pointer;                // where the error must point ("" = no pointer)
  std::string words;                  // what the error must say
};

// Test names show the case's name instead of its bytes.
inline void PrintTo(const BadCaseFile& bad, std::ostream* os) { *os << bad.name; }

inline std::function<std::string()> damaged(std::function<void(nlohmann::json&)> damage) {
  return [damage] {
    nlohmann::json j = validCaseJson();
    damage(j);
    return j.dump(2);
  };
}

inline std::vector<BadCaseFile> badCaseFiles() {
  using nlohmann::json;
  return {
      {"MalformedJson", [] { return std::string("{\"format\": \"tapecheck-case\",\n  \"version\": 1,,\n}"); }, "",
       "malformed JSON"},
      {"NotAnObject", [] { return std::string("[1, 2, 3]"); }, "the top level", "expected an object"},
      {"NotACaseFile", damaged([](json& j) { j["format"] = "something-else"; }), "/format", "not a tapecheck case file"},
      {"UnknownFormatVersion", damaged([](json& j) { j["version"] = 2; }), "/version", "unknown format version 2"},
      {"MissingGraph", damaged([](json& j) { j.erase("graph"); }), "the top level", "missing field \"graph\""},
      {"UnknownDomain", damaged([](json& j) { j["domain"] = "quaternion"; }), "/domain", "unknown domain"},
      {"UnknownOp", damaged([](json& j) { j["graph"]["nodes"][1]["op"] = "frobnicate"; }), "/graph/nodes/1/op",
       "unknown op 'frobnicate'"},
      {"OpNotInDomain", damaged([](json& j) { j["graph"]["nodes"][1]["op"] = "exp"; }), "/graph/nodes/1/op",
       "not available in domain modp"},
      {"WrongArity", damaged([](json& j) { j["graph"]["nodes"][0]["args"] = {0, 0, 0}; }), "/graph/nodes/0/args",
       "takes 2 argument(s), found 3"},
      {"ArgumentNotEarlier", damaged([](json& j) { j["graph"]["nodes"][0]["args"][1] = 2; }),
       "/graph/nodes/0/args/1", "not earlier than this node (position 2)"},
      {"ArgumentNegative", damaged([](json& j) { j["graph"]["nodes"][0]["args"][1] = -1; }),
       "/graph/nodes/0/args/1", "expected a non-negative integer"},
      {"ShapeMismatch", damaged([](json& j) { j["graph"]["nodes"][0]["args"] = {0, 1}; }), "/graph/nodes/0",
       "mul does not accept these arguments"},
      {"DimensionsOverflow", damaged([](json& j) {
         j["graph"]["inputs"][0] = {4294967296ull, 4294967296ull, 16};
       }), "/graph/inputs/0", "shape [4294967296,4294967296,16] has more than"},
      {"DimensionTooLargeForJson", [] {
         std::string text = validCaseJson().dump();
         return text.replace(text.find("[[2]"), 4, "[[123456789012345678901234567890]");
       }, "/graph/inputs/0/0", "non-negative integer below 2^64"},
      {"ValueNotInDomain", damaged([](json& j) { j["inputs"][0][1] = "4.5"; }), "/inputs/0/1",
       "'4.5' is not a value of domain modp"},
      {"ValueNotAString", damaged([](json& j) { j["inputs"][0][1] = 4; }), "/inputs/0/1", "expected a string"},
      {"TooFewValues", damaged([](json& j) { j["inputs"][0] = {"3"}; }), "/inputs/0",
       "shape [2] has 2 element(s), found 1 value(s)"},
      {"SeedContextTooShort", damaged([](json& j) { j["seed_context"].erase(3); }), "/seed_context",
       "expected 4 tensor(s), one per position, found 3"},
      {"EnvNotIntegers", damaged([](json& j) { j["env"] = {"one"}; }), "/env/0", "expected an integer"},
      {"ControlBytesInOpName", damaged([](json& j) { j["graph"]["nodes"][1]["op"] = std::string("mul\0\n", 5); }),
       "/graph/nodes/1/op", "unknown op 'mul\\x00\\n'"},
      {"PositionOutsideTheGraph", damaged([](json& j) { j["found"] = {{"message", "bad"}, {"position", 99}}; }),
       "/found/position", "position 99 is outside the graph"},
      {"OverTheWorkBudget", [] { return emptyRowsCase(std::size_t{1} << 28, 16).dump(); }, "",
       "above the limit 10000000000; raise it with --max-work"},
      {"HugeFile", [] { return std::string((std::size_t{16} << 20) + 1, ' '); }, "", "larger than 16 MiB"},
  };
}

}  // namespace tapecheck::cli::test
