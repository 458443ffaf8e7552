#pragma once
// Reading a case file without keeping its whole DOM: nlohmann's parser callback
// hands us each graph node, input shape, tensor value and Δ entry as soon as it
// is parsed, we keep it in its final form and tell the parser to drop it. What
// is left of the DOM (header, empty arrays, provenance) is small.
// Why: the DOM of a 16 MB chain of 480k nodes took ~300 MB.
// Only case_json_read.cpp includes this.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "cli/case_file.hpp"
#include "cli/json_at.hpp"
#include "spec/graph.hpp"
#include "spec/tensor.hpp"

namespace tapecheck::cli::stream {

using Json = nlohmann::json;
using Event = Json::parse_event_t;

/// The first error met in one array of the file, and at which element.
struct FirstError {
  std::size_t index = 0;
  std::string message;
  bool beforeCount = false;  // a type error, reported before the element count is checked
  bool set = false;

  void note(std::size_t at, std::unexpected<std::string> error, bool typeError = false) {
    if (set) return;
    *this = {at, std::move(error.error()), typeError, true};
  }
  bool at(std::size_t i) const { return set && index == i; }
};

/// One streamed list of tensors (/inputs or /seed_context): values parsed in
/// domain S as they arrive, shapes checked after the graph is known.
/// After the first error only the count goes on: nothing more is stored.
template <class S>
struct TensorList {
  std::vector<spec::Tensor<S>> tensors;  // up to and including the one with the error
  std::size_t count = 0;                  // elements of the list
  FirstError error;
};



/// Structural reads of one element, done while parsing (defined in case_json_read.cpp).
Result<spec::Shape> readShape(const JsonAt& at);
template <class S>
Result<spec::GraphNode> readNodeStructure(const JsonAt& at);

/// What the callback keeps of the arrays that can be large.
template <class S>
struct Collected {
  std::vector<spec::Shape> inputShapes;
  FirstError inputShapeError;
  std::vector<spec::GraphNode> nodes;
  FirstError nodeError;
  TensorList<S> inputs, seed;
  std::vector<std::int64_t> env;
  FirstError envError;
};

/// The parser callback: tracks where in the document each event is and routes
/// the elements of the large arrays into a Collected<S>.
template <class S>
class Collector {
 public:
  Collector(Collected<S>& out, CaseSizes hint) : out_(out), hint_(hint) {}

  bool operator()(int depthIn, Event event, Json& parsed) {
    const auto depth = static_cast<std::size_t>(depthIn);
    switch (event) {
      case Event::key:
        frames_[depth - 1].key = parsed.get_ref<const std::string&>();
        return keepKey(depth);
      case Event::object_start:
      case Event::array_start:
        frames_.resize(depth + 1);
        frames_[depth] = Frame{event == Event::array_start, {}, 0};
        if (event == Event::array_start) startArray(depth);
        return true;
      case Event::object_end:
      case Event::array_end:
        frames_.resize(depth + 1);  // the finished container is frames_[depth]; drop what it held
        frames_.pop_back();
        return element(depth, parsed);
      case Event::value:
        return element(depth, parsed);
    }
    return true;
  }

 private:
  struct Frame {
    bool isArray = false;
    std::string key;       // the member being read, when an object
    std::size_t next = 0;  // elements finished so far, when an array
  };

  // The path of the element at `depth` is frames_[0..depth-1]; true when it
  // starts with the member k0 of the root (and then k1 of that object).
  bool under(std::size_t depth, const char* k0, const char* k1 = nullptr) const {
    if (frames_.size() < depth || frames_[0].isArray || frames_[0].key != k0) return false;
    if (!k1) return true;
    return depth >= 2 && !frames_[1].isArray && frames_[1].key == k1;
  }
  bool arrayAt(std::size_t d) const { return d < frames_.size() && frames_[d].isArray; }
  std::string pointer(std::size_t depth) const {
    std::string p;
    for (std::size_t d = 0; d < depth; ++d) {
      p += "/" + (frames_[d].isArray ? std::to_string(frames_[d].next) : escapeKey(frames_[d].key));
    }
    return p;
  }
  static std::string escapeKey(const std::string& key) {
    std::string out;
    for (char ch : key) out += ch == '~' ? "~0" : ch == '/' ? "~1" : std::string(1, ch);
    return out;
  }

  // Unknown members are dropped unread, as the DOM reader ignored them.
  bool keepKey(std::size_t depth) const {
    static const char* const kTop[] = {"format", "version", "property", "domain", "graph",
                                       "inputs", "env",     "seed_context", "found"};
    if (depth == 1) {
      for (const char* k : kTop) {
        if (frames_[0].key == k) return true;
      }
      return false;
    }
    if (depth == 2 && under(2, "graph")) return frames_[1].key == "inputs" || frames_[1].key == "nodes";
    return true;
  }

  // A duplicate key starts its array over, as the DOM's last-one-wins did.
  void startArray(std::size_t depth) {
    if (depth == 2 && under(2, "graph", "inputs")) {
      out_.inputShapes.clear();
      out_.inputShapeError = {};
    } else if (depth == 2 && under(2, "graph", "nodes")) {
      out_.nodes.clear();
      out_.nodes.reserve(hint_.nodes);  // why: see CaseSizes
      out_.nodeError = {};
    } else if (depth == 1 && (under(1, "inputs") || under(1, "seed_context"))) {
      list() = {};
      if (frames_[0].key == "seed_context") list().tensors.reserve(hint_.positions);
    } else if (depth == 1 && under(1, "env")) {
      out_.env.clear();
      out_.envError = {};
    } else if (depth == 2 && arrayAt(1) && (under(2, "inputs") || under(2, "seed_context"))) {
      if (!list().error.set) list().tensors.emplace_back();
    }
  }

  TensorList<S>& list() { return frames_[0].key == "inputs" ? out_.inputs : out_.seed; }

  // An element of the array at depth - 1 is complete: keep it in its final
  // form and return false (drop it from the DOM), or return true (keep it).
  bool element(std::size_t depth, Json& parsed) {
    if (depth == 0 || !arrayAt(depth - 1)) return true;
    const std::size_t index = frames_[depth - 1].next++;
    bool keep = true;
    if (depth == 3 && under(3, "graph", "nodes") && arrayAt(2)) {
      keep = false;
      Result<spec::GraphNode> node = readNodeStructure<S>(JsonAt(parsed, pointerOf(depth, index)));
      if (!node) out_.nodeError.note(index, fail(node.error()));
      else if (!out_.nodeError.set) out_.nodes.push_back(std::move(*node));
    } else if (depth == 3 && under(3, "graph", "inputs") && arrayAt(2)) {
      keep = false;
      Result<spec::Shape> shape = readShape(JsonAt(parsed, pointerOf(depth, index)));
      if (!shape) out_.inputShapeError.note(index, fail(shape.error()));
      else if (!out_.inputShapeError.set) out_.inputShapes.push_back(std::move(*shape));
    } else if (depth == 3 && (under(3, "inputs") || under(3, "seed_context")) && arrayAt(1) && arrayAt(2)) {
      keep = false;
      TensorList<S>& l = list();
      const std::size_t p = frames_[1].next;  // the tensor being read
      S v = spec::zero<S>();
      if (!parsed.is_string()) {
        l.error.note(p, JsonAt(parsed, pointerOf(depth, index)).error("expected a string, found " +
                                                                      describeJsonType(parsed)));
      } else if (Result<S> r = spec::Domain<S>::parse(parsed.get_ref<const std::string&>())) {
        v = *r;
      } else {
        l.error.note(p, JsonAt(parsed, pointerOf(depth, index))
                            .error(quoteShort(parsed.get_ref<const std::string&>()) + " is not a value of domain " +
                                   std::string(spec::Domain<S>::name)));
      }
      if (p < l.tensors.size()) l.tensors[p].data.push_back(v);
    } else if (depth == 2 && (under(2, "inputs") || under(2, "seed_context")) && arrayAt(1)) {
      keep = false;  // a tensor's array: its values are already in list().tensors[index]
      TensorList<S>& l = list();
      l.count = index + 1;
      if (!parsed.is_array()) {
        if (!l.error.set) l.tensors.emplace_back();
        l.error.note(index, JsonAt(parsed, pointerOf(depth, index)).error("expected an array, found " +
                                                                          describeJsonType(parsed)), true);
      }
    } else if (depth == 2 && under(2, "env") && arrayAt(1)) {
      keep = false;
      Result<std::int64_t> v = JsonAt(parsed, pointerOf(depth, index)).asInteger();
      if (v) out_.env.push_back(*v);
      else out_.envError.note(index, fail(v.error()));
    }
    return keep;
  }

  // pointer() reads frames_[depth-1].next, which element() has just advanced.
  std::string pointerOf(std::size_t depth, std::size_t index) const {
    std::string p = pointer(depth - 1);
    return p + "/" + std::to_string(index);
  }

  Collected<S>& out_;
  CaseSizes hint_;
  std::vector<Frame> frames_;
};

}  // namespace tapecheck::cli::stream
