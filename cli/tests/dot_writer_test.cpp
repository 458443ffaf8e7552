#include "cli/dot_writer.hpp"

#include <gtest/gtest.h>

#include "run_cli.hpp"
#include "spec/registry.hpp"

namespace tapecheck::cli {
namespace {

// %0 input [2]; %1 = mul(%0, %0); %2 = sum(%1)
spec::Graph squareThenSum() {
  spec::Graph g;
  g.inputs = {spec::Shape{2}};
  g.nodes.push_back({spec::findOp("mul"), {0, 0}, {}});
  g.nodes.push_back({spec::findOp("sum"), {1}, {}});
  return g;
}

TEST(DotWriter, OneEdgePerArgumentLabelledWithItsIndex) {
  const std::string dot = toDot(squareThenSum());
  EXPECT_NE(dot.find("digraph"), std::string::npos);
  // mul reads %0 twice: two parallel edges, argument 0 and argument 1.
  EXPECT_NE(dot.find("0->1 [label=\"0\"]"), std::string::npos) << dot;
  EXPECT_NE(dot.find("0->1 [label=\"1\"]"), std::string::npos) << dot;
  EXPECT_NE(dot.find("1->2 [label=\"0\"]"), std::string::npos) << dot;
  EXPECT_NE(dot.find("%1 mul\\n[2]"), std::string::npos) << dot;
  EXPECT_NE(dot.find("%2 sum\\n[]"), std::string::npos) << dot;
  EXPECT_EQ(dot.find("fillcolor"), std::string::npos) << dot;
}

TEST(DotWriter, HighlightsTheBlamedPositionOnly) {
  const std::string dot = toDot(squareThenSum(), 1);
  const std::size_t filled = dot.find("fillcolor");
  ASSERT_NE(filled, std::string::npos);
  EXPECT_EQ(dot.find("fillcolor", filled + 1), std::string::npos);
  EXPECT_NE(dot.rfind("1[label=\"%1 mul", filled), std::string::npos) << dot;
}

TEST(DotWriter, EscapesTheTitle) {
  const std::string dot = toDot(squareThenSum(), std::nullopt, "say \"hi\"\\");
  EXPECT_NE(dot.find("label=\"say \\\"hi\\\"\\\\\""), std::string::npos) << dot;
}

TEST(DotWriter, RendersWithGraphviz) {
  if (std::system("command -v dot >/dev/null 2>&1") != 0) GTEST_SKIP() << "graphviz not installed";
  const auto dir = test::freshTempDir("dot");
  {
    std::ofstream(dir / "g.dot") << toDot(squareThenSum(), 2, "a \"title\"");
  }
  const std::string cmd = "dot -Tsvg " + shellQuoted((dir / "g.dot").string()) + " -o " +
                          shellQuoted((dir / "g.svg").string()) + " 2>/dev/null";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  EXPECT_NE(test::slurp(dir / "g.svg").find("<svg"), std::string::npos);
}

}  // namespace
}  // namespace tapecheck::cli
