#pragma once
// A RapidCheck listener that reports nothing. Why: RapidCheck's default one
// reads (and prints) the global configuration and prints a reproduce string
// for every failure at exit; runs that keep their own results (the CLI's
// prefetch pass, the mutant kill matrix) want none of that.
#include <rapidcheck.h>

namespace tapecheck::gen {

class QuietListener : public rc::detail::TestListener {
 public:
  void onTestCaseFinished(const rc::detail::CaseDescription&) override {}
  void onShrinkTried(const rc::detail::CaseDescription&, bool) override {}
  void onTestFinished(const rc::detail::TestMetadata&, const rc::detail::TestResult&) override {}
};

}  // namespace tapecheck::gen
