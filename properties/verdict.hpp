#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tapecheck::props {

/// A place in a case that a verdict is about: a graph position, which is also
/// a tape id (inputs first, then one per node), and, when the check knows it,
/// the element of that position's tensor (row-major).
struct Position {
  std::size_t index = 0;
  std::optional<std::size_t> element = std::nullopt;

  bool operator==(const Position&) const = default;
  /// "position 3" or "position 3, element 1".
  std::string str() const {
    return "position " + std::to_string(index) + (element ? ", element " + std::to_string(*element) : "");
  }
};

/// Why a case is outside a property's hypotheses: the kinds `tapecheck check`
/// counts, so that a share of n/a can be read (and bounded: the
/// applicability ceilings test) by its cause.
enum class NotApplicableReason : std::uint8_t {
  NonFiniteValues,    // a forward value, input or seed is ±inf or NaN (or too large to probe)
  NotDifferentiable,  // a kink, tie or domain edge at the point
  NoFiniteBound,      // no finite rounding bound (an overflow or a pole in reach)
  LostPrecision,      // finite differences cannot resolve the gradient at this magnitude
  EmptyGraph,         // no position to seed
  WrongAlgebra,       // the property holds only in exact rings
  EngineCapability,   // the engine does not report what the property reads
  FailedNearPoint,    // compiling a perturbed case failed (a finite-difference probe)
  OpOutsideHypotheses,  // an op of the case lacks a property the check needs (zero-preserving)
};
inline constexpr std::size_t kNotApplicableReasons = 9;

/// "non-finite values", ...: the words `tapecheck check` prints.
constexpr std::string_view reasonName(NotApplicableReason reason) {
  constexpr std::array<std::string_view, kNotApplicableReasons> names = {
      "non-finite values", "not differentiable", "no finite bound", "lost precision",
      "empty graph",       "wrong algebra",      "engine capability", "failed near the point",
      "op outside hypotheses"};
  return names[static_cast<std::size_t>(reason)];
}

/// The outcome of checking one property on one case.
struct Verdict {
  enum class Kind { Holds, Fails, NotApplicable, Error };
  Kind kind = Kind::Holds;
  std::string message;  // why it failed, or why it did not apply
  /// The position the failure is about (a gradient or value that differs, a
  /// node with a bad edge), when the check knows it: the case file's
  /// `found.position`, the red vertex of the picture. Set by the check, never
  /// read back from the message.
  std::optional<Position> position;
  /// For NotApplicable: its kind (the message says the details).
  NotApplicableReason reason = NotApplicableReason::NonFiniteValues;

  static Verdict holds() { return {}; }
  static Verdict fails(std::string why) { return failsAt(std::nullopt, std::move(why)); }
  static Verdict failsAt(std::optional<Position> position, std::string why) {
    return {Kind::Fails, std::move(why), position, NotApplicableReason::NonFiniteValues};
  }
  /// The case is outside the property's hypotheses (e.g. non-finite forward
  /// values for a property that needs finite ones); it counts as no evidence.
  static Verdict notApplicable(NotApplicableReason reason, std::string why) {
    return {Kind::NotApplicable, std::move(why), std::nullopt, reason};
  }
  /// The engine under test broke down on the case (crashed, hung, answered
  /// out of protocol, refused): no evidence either way, and never a pass.
  static Verdict error(std::string why) { return errorAt(std::nullopt, std::move(why)); }
  /// An engine's reply out of shape at `position` (see context_shape.hpp).
  static Verdict errorAt(std::optional<Position> position, std::string why) {
    return {Kind::Error, std::move(why), position, NotApplicableReason::NonFiniteValues};
  }

  bool failed() const { return kind == Kind::Fails; }
  bool broken() const { return kind == Kind::Error; }
  bool applicable() const { return kind != Kind::NotApplicable; }
};

}  // namespace tapecheck::props
