// Writes the fuzzers' seed corpora: every case file of regressions/ as is
// (case loader) and byte-encoded (validator), plus byte-encoded graphs from
// the generator in every domain, so that every op starts out covered.
// Usage: tapecheck_fuzz_seeds <regressions dir> <validate corpus> [<loader corpus>]
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <type_traits>

#include "fuzz/graph_bytes.hpp"
#include "generators/gen.hpp"
#ifdef TAPECHECK_FUZZ_HAVE_CLI
#include "cli/case_loader.hpp"
#endif

namespace fs = std::filesystem;
using namespace tapecheck;

namespace {

template <class S>
std::int64_t asInteger(const S& v) {
  if constexpr (std::is_same_v<S, spec::ModP>) {
    return static_cast<std::int64_t>(v.v);
  } else if constexpr (std::is_floating_point_v<S>) {
    return std::isfinite(v) && std::fabs(v) < 1e15 ? static_cast<std::int64_t>(std::llround(v)) : 0;
  } else {
    return 0;
  }
}

template <class S>
std::vector<std::uint8_t> encodeGraphCase(const gen::GraphCase<S>& c) {
  std::vector<std::uint8_t> out = fuzz::encodeCase(c.graph(), c.env);
  for (const auto* ctx : {&c.inputs, &c.seed}) {
    for (const auto& t : *ctx) {
      for (const S& v : t.data) fuzz::appendSignedVarint(out, asInteger(v));
    }
  }
  return out;
}

bool writeBytes(const fs::path& path, const std::vector<std::uint8_t>& bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  return static_cast<bool>(out);
}

// Keeps only encodings that decode back to the same graph (counts fit the format).
bool roundTrips(const spec::Graph& g, const std::vector<std::uint8_t>& bytes) {
  fuzz::ByteReader in(bytes);
  const fuzz::DecodedCase d = fuzz::decodeCase(in);
  if (d.graph.inputs != g.inputs || d.graph.nodes.size() != g.nodes.size()) return false;
  for (std::size_t k = 0; k < g.nodes.size(); ++k) {
    const auto &a = d.graph.nodes[k], &b = g.nodes[k];
    if (a.op != b.op || a.args != b.args || !(a.attrs == b.attrs)) return false;
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s <regressions dir> <validate corpus> [<loader corpus>]\n", argv[0]);
    return 2;
  }
  const fs::path regressions = argv[1], validateDir = argv[2];
  fs::create_directories(validateDir);
  int written = 0;
  const auto emit = [&](const auto& c, const std::string& name) {
    const auto bytes = encodeGraphCase(c);
    if (roundTrips(c.graph(), bytes) && writeBytes(validateDir / name, bytes)) ++written;
  };
  const auto fromGenerator = [&](auto tag, const char* domain) {
    using S = typename decltype(tag)::type;
    const auto gen = gen::genGraphCase<S>();
    for (int i = 0; i < 40; ++i) {
      emit(gen(rc::Random(static_cast<std::uint64_t>(i) * 7919u + 11u), 5 + i % 30).value(),
           std::string("gen-") + domain + "-" + std::to_string(i));
    }
  };
  fromGenerator(std::type_identity<spec::ModP>{}, "modp");
  fromGenerator(std::type_identity<double>{}, "f64");
#ifdef TAPECHECK_FUZZ_HAVE_CLI
  const fs::path loaderDir = argc > 3 ? fs::path(argv[3]) : fs::path();
  if (!loaderDir.empty()) fs::create_directories(loaderDir);
  int cases = 0;
  if (fs::is_directory(regressions)) {
    for (const auto& entry : fs::directory_iterator(regressions)) {
      if (entry.path().extension() != ".json") continue;
      if (!loaderDir.empty()) fs::copy_file(entry.path(), loaderDir / entry.path().filename(),
                                            fs::copy_options::overwrite_existing);
      auto file = cli::openCaseFile(entry.path());
      if (!file) continue;
      ++cases;
      (void)cli::visitCase(*file, [&](const auto& record) -> Status {
        emit(record.graphCase, "regression-" + entry.path().stem().string());
        return {};
      });
    }
  }
  std::printf("seeds: %d regression case files, %d byte-encoded graphs\n", cases, written);
#else
  (void)regressions;
  std::printf("seeds: no case loader (cli/) in this build; %d byte-encoded graphs\n", written);
#endif
  return 0;
}
