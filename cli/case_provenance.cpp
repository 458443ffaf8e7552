#include "cli/case_file.hpp"

#include <limits>

namespace tapecheck::cli {
namespace {

std::string stringOr(const nlohmann::json& object, const char* key, std::string fallback) {
  const auto it = object.find(key);
  return (it != object.end() && it->is_string()) ? it->get<std::string>() : fallback;
}

template <class T>
T numberOr(const nlohmann::json& object, const char* key, T fallback) {
  const auto it = object.find(key);
  if (it == object.end() || !it->is_number_unsigned()) return fallback;
  const std::uint64_t v = it->get<std::uint64_t>();
  return v <= static_cast<std::uint64_t>(std::numeric_limits<T>::max()) ? static_cast<T>(v) : fallback;
}

}  // namespace

std::optional<Provenance> readProvenance(const nlohmann::json& root) {
  const auto found = root.find("found");
  if (found == root.end() || !found->is_object()) return std::nullopt;
  Provenance p;
  p.runtime = stringOr(*found, "runtime", "unknown");
  p.message = stringOr(*found, "message", "");
  p.command = stringOr(*found, "command", "");
  if (const auto pos = found->find("position"); pos != found->end() && pos->is_number_unsigned()) {
    p.position = static_cast<std::size_t>(pos->get<std::uint64_t>());
    if (const auto element = found->find("element"); element != found->end() && element->is_number_unsigned()) {
      p.element = static_cast<std::size_t>(element->get<std::uint64_t>());
    }
  }
  if (const auto engine = found->find("engine"); engine != found->end() && engine->is_boolean()) {
    p.onEngine = engine->get<bool>();
  }
  if (const auto rc = found->find("rapidcheck"); rc != found->end() && rc->is_object()) {
    p.rapidcheckSeed = numberOr<std::uint64_t>(*rc, "seed", 0);
    p.size = numberOr<int>(*rc, "size", 0);
    p.passedBefore = numberOr<int>(*rc, "passed_before", 0);
    p.shrinks = numberOr<int>(*rc, "shrinks", 0);
    p.reproduce = stringOr(*rc, "reproduce", "");
  }
  return p;
}

}  // namespace tapecheck::cli
