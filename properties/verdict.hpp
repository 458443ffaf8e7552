#pragma once
#include <string>

namespace tapecheck::props {

/// The outcome of checking one property on one case.
struct Verdict {
  enum class Kind { Holds, Fails, NotApplicable };
  Kind kind = Kind::Holds;
  std::string message;  // why it failed, or why it did not apply

  static Verdict holds() { return {}; }
  static Verdict fails(std::string why) { return {Kind::Fails, std::move(why)}; }
  /// The case is outside the property's hypotheses (e.g. non-finite forward
  /// values for a property that needs finite ones); it counts as no evidence.
  static Verdict notApplicable(std::string why) { return {Kind::NotApplicable, std::move(why)}; }

  bool failed() const { return kind == Kind::Fails; }
  bool applicable() const { return kind != Kind::NotApplicable; }
};

}  // namespace tapecheck::props
