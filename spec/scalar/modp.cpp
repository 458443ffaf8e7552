#include "spec/scalar/modp.hpp"

#include <charconv>

namespace tapecheck::spec {

std::string Domain<ModP>::format(ModP a) { return std::to_string(a.v); }

Result<ModP> Domain<ModP>::parse(std::string_view text) {
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size()) {
    return fail("'" + std::string(text) + "' is not an integer that fits in 64 bits");
  }
  return ModP::of(value);
}

}  // namespace tapecheck::spec
