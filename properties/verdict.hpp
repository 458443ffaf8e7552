#pragma once
#include <cstddef>
#include <optional>
#include <string>

namespace tapecheck::props {

/// The outcome of checking one property on one case.
struct Verdict {
  enum class Kind { Holds, Fails, NotApplicable, Error };
  Kind kind = Kind::Holds;
  std::string message;  // why it failed, or why it did not apply
  /// The position the failure is about (a gradient or value that differs),
  /// when the check knows it: the case file's `found.position`, the red
  /// vertex of the picture.
  std::optional<std::size_t> position;

  static Verdict holds() { return {}; }
  static Verdict fails(std::string why) { return {Kind::Fails, std::move(why), std::nullopt}; }
  static Verdict failsAt(std::optional<std::size_t> position, std::string why) {
    return {Kind::Fails, std::move(why), position};
  }
  /// The case is outside the property's hypotheses (e.g. non-finite forward
  /// values for a property that needs finite ones); it counts as no evidence.
  static Verdict notApplicable(std::string why) { return {Kind::NotApplicable, std::move(why), std::nullopt}; }
  /// The engine under test broke down on the case (crashed, hung, answered
  /// out of protocol, refused): no evidence either way, and never a pass.
  static Verdict error(std::string why) { return {Kind::Error, std::move(why), std::nullopt}; }

  bool failed() const { return kind == Kind::Fails; }
  bool broken() const { return kind == Kind::Error; }
  bool applicable() const { return kind != Kind::NotApplicable; }
};

}  // namespace tapecheck::props
