#include "properties/context_shape.hpp"

#include <string>

#include "spec/scalar/domains.hpp"

namespace tapecheck::props {

template <class S>
std::optional<Difference> contextShapeMismatch(const spec::Context<S>& reply, std::span<const spec::Shape> shapes,
                                               std::string_view what) {
  const std::string name(what);
  if (reply.size() < shapes.size()) {
    return Difference{name + ": " + std::to_string(reply.size()) + " tensors for the case's " +
                          std::to_string(shapes.size()) + " positions (none for position " +
                          std::to_string(reply.size()) + " on)",
                      Position{reply.size()}};
  }
  if (reply.size() > shapes.size()) {
    return Difference{name + ": " + std::to_string(reply.size()) + " tensors for the case's " +
                          std::to_string(shapes.size()) + " positions",
                      std::nullopt};
  }
  for (std::size_t p = 0; p < shapes.size(); ++p) {
    const spec::Tensor<S>& t = reply[p];
    if (t.shape != shapes[p]) {
      return Difference{name + ": position " + std::to_string(p) + " has shape " + t.shape.str() +
                            ", the position's value " + shapes[p].str(),
                        Position{p}};
    }
    // Why both: a runtime of one's own can build a tensor whose data does
    // not fill its shape, and every comparison indexes data by the shape.
    if (t.data.size() != shapes[p].numel()) {
      return Difference{name + ": position " + std::to_string(p) + " holds " + std::to_string(t.data.size()) +
                            " elements for shape " + shapes[p].str(),
                        Position{p}};
    }
  }
  return std::nullopt;
}

template <class S>
std::optional<Verdict> failsUnlessShaped(const spec::Context<S>& reply, const gen::GraphCase<S>& c,
                                         std::string_view what) {
  if (auto bad = contextShapeMismatch(reply, std::span<const spec::Shape>(c.data.shapes), what)) {
    return Verdict::failsAt(bad->position, std::move(bad->text));
  }
  return std::nullopt;
}

#define TAPECHECK_INSTANTIATE(S)                                                                              \
  template std::optional<Difference> contextShapeMismatch<S>(const spec::Context<S>&,                          \
                                                             std::span<const spec::Shape>, std::string_view);  \
  template std::optional<Verdict> failsUnlessShaped<S>(const spec::Context<S>&, const gen::GraphCase<S>&,      \
                                                       std::string_view);
TAPECHECK_FOR_EACH_DOMAIN(TAPECHECK_INSTANTIATE)
#undef TAPECHECK_INSTANTIATE

}  // namespace tapecheck::props
