#pragma once
#include <cstddef>
#include <optional>
#include <string>

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

  static Verdict holds() { return {}; }
  static Verdict fails(std::string why) { return {Kind::Fails, std::move(why), std::nullopt}; }
  static Verdict failsAt(std::optional<Position> position, std::string why) {
    return {Kind::Fails, std::move(why), position};
  }
  /// The case is outside the property's hypotheses (e.g. non-finite forward
  /// values for a property that needs finite ones); it counts as no evidence.
  static Verdict notApplicable(std::string why) { return {Kind::NotApplicable, std::move(why), std::nullopt}; }
  /// The engine under test broke down on the case (crashed, hung, answered
  /// out of protocol, refused): no evidence either way, and never a pass.
  static Verdict error(std::string why) { return {Kind::Error, std::move(why), std::nullopt}; }
  /// An engine's reply out of shape at `position` (see context_shape.hpp).
  static Verdict errorAt(std::optional<Position> position, std::string why) {
    return {Kind::Error, std::move(why), position};
  }

  bool failed() const { return kind == Kind::Fails; }
  bool broken() const { return kind == Kind::Error; }
  bool applicable() const { return kind != Kind::NotApplicable; }
};

}  // namespace tapecheck::props
