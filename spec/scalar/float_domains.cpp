#include "spec/scalar/float_domains.hpp"

#include <charconv>

namespace tapecheck::spec {

template <class F>
std::string FloatDomain<F>::format(F a) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, a);
  (void)ec;  // 64 bytes always suffice for the shortest round-trip form
  return std::string(buf, end);
}

template <class F>
Result<F> FloatDomain<F>::parse(std::string_view text) {
  F value{};
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size()) {
    return fail("'" + std::string(text) + "' is not a floating-point number");
  }
  return value;
}

template struct FloatDomain<double>;
template struct FloatDomain<float>;

}  // namespace tapecheck::spec
