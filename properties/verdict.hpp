#pragma once
#include <string>

namespace tapecheck::props {

/// The outcome of checking one property on one case.
struct Verdict {
  enum class Kind { Holds, Fails, NotApplicable, Error };
  Kind kind = Kind::Holds;
  std::string message;  // why it failed, or why it did not apply

  static Verdict holds() { return {}; }
  static Verdict fails(std::string why) { return {Kind::Fails, std::move(why)}; }
  /// The case is outside the property's hypotheses (e.g. non-finite forward
  /// values for a property that needs finite ones); it counts as no evidence.
  static Verdict notApplicable(std::string why) { return {Kind::NotApplicable, std::move(why)}; }
  /// The engine under test broke down on the case (crashed, hung, answered
  /// out of protocol, refused): no evidence either way, and never a pass.
  static Verdict error(std::string why) { return {Kind::Error, std::move(why)}; }

  bool failed() const { return kind == Kind::Fails; }
  bool broken() const { return kind == Kind::Error; }
  bool applicable() const { return kind != Kind::NotApplicable; }
};

}  // namespace tapecheck::props
