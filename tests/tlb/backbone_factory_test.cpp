// Tests tlb/backbone_factory.cpp: backbones by name, options from strings (read by
// common/option_reader.h, tested in tests/common/).
#include "tlb/backbone_factory.h"

#include <torch/torch.h>
#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

using Catch::Matchers::Contains;

TEST_CASE("backbone_kinds lists every backbone", "[tlb][factory]") {
  const auto kinds = tlb::backbone_kinds();
  const std::set<std::string> listed(kinds.begin(), kinds.end());
  for (const char* kind : {"tlb", "mlp", "lstm", "gru", "transformer"}) {
    INFO(kind);
    CHECK(listed.count(kind) == 1);
  }
  CHECK(listed.size() == kinds.size());
  for (const auto& kind : kinds) {
    auto backbone = tlb::make_backbone(kind, 3);
    CHECK(backbone->kind() == kind);
    CHECK(backbone->input_dim() == 3);
  }
}

TEST_CASE("An unknown backbone kind names the kinds there are", "[tlb][factory]") {
  REQUIRE_THROWS_AS(tlb::make_backbone("lstn", 3), std::invalid_argument);
  REQUIRE_THROWS_WITH(tlb::make_backbone("lstn", 3),
                      Contains("expected one of") && Contains("lstm") && Contains("transformer") &&
                          Contains("found 'lstn'"));
  REQUIRE_THROWS_WITH(tlb::backbone_options("lstn"), Contains("found 'lstn'"));
}

TEST_CASE("An unknown option key names the key and the keys accepted", "[tlb][factory]") {
  REQUIRE_THROWS_AS(tlb::make_backbone("mlp", 3, {{"widht", "8"}}), std::invalid_argument);
  REQUIRE_THROWS_WITH(tlb::make_backbone("mlp", 3, {{"widht", "8"}}),
                      Contains("mlp.widht") && Contains("width") && Contains("frames"));
  // An option of another backbone is unknown too.
  REQUIRE_THROWS_WITH(tlb::make_backbone("gru", 3, {{"window", "8"}}), Contains("gru.window"));
}

TEST_CASE("An unparsable option value names the key, what was expected and found",
          "[tlb][factory]") {
  REQUIRE_THROWS_WITH(tlb::make_backbone("mlp", 3, {{"width", "8x"}}),
                      Contains("mlp.width: expected an integer, found '8x'"));
  REQUIRE_THROWS_WITH(tlb::make_backbone("transformer", 3, {{"dropout", "lots"}}),
                      Contains("transformer.dropout: expected a number, found 'lots'"));
  REQUIRE_THROWS_WITH(tlb::make_backbone("transformer", 3, {{"gating", "maybe"}}),
                      Contains("transformer.gating: expected true or false, found 'maybe'"));
  REQUIRE_THROWS_WITH(tlb::make_backbone("mlp", 3, {{"activation", "sigmoid"}}),
                      Contains("mlp.activation: expected one of tanh|relu|gelu, found 'sigmoid'"));
  // Parsable but out of range: the module's own check.
  REQUIRE_THROWS_WITH(tlb::make_backbone("transformer", 3, {{"width", "10"}, {"heads", "4"}}),
                      Contains("expected") && Contains("width 10") && Contains("heads 4"));
  REQUIRE_THROWS_WITH(tlb::make_backbone("lstm", 3, {{"layers", "0"}}),
                      Contains("expected") && Contains("layers 0"));
  REQUIRE_THROWS_WITH(tlb::make_backbone("mlp", 0), Contains("expected input_dim >= 1, found 0"));
}

TEST_CASE("backbone_options lists every key with its default and help", "[tlb][factory]") {
  const auto mlp = tlb::backbone_options("mlp");
  std::map<std::string, std::string> defaults;
  for (const auto& doc : mlp) defaults[doc.key] = doc.default_text;
  CHECK(defaults == std::map<std::string, std::string>{
                        {"frames", "1"}, {"layers", "2"}, {"width", "64"}, {"activation", "tanh"}});
  for (const auto& kind : tlb::backbone_kinds()) {
    const auto docs = tlb::backbone_options(kind);
    REQUIRE_FALSE(docs.empty());
    std::map<std::string, std::string> explicit_defaults;
    for (const auto& doc : docs) {
      INFO(kind << "." << doc.key);
      CHECK_FALSE(doc.help.empty());
      explicit_defaults[doc.key] = doc.default_text;
    }
    // Every listed default parses back: the listing and the parser agree.
    INFO(kind);
    torch::manual_seed(0);
    auto a = tlb::make_backbone(kind, 3, explicit_defaults);
    torch::manual_seed(0);
    auto b = tlb::make_backbone(kind, 3);
    CHECK(a->output_dim() == b->output_dim());
    CHECK(a->parameters().size() == b->parameters().size());
  }
}

TEST_CASE("Options given as strings reach the backbone", "[tlb][factory]") {
  CHECK(tlb::make_backbone("lstm", 3, {{"hidden", "7"}})->output_dim() == 7);
  CHECK(tlb::make_backbone("gru", 3, {{"hidden", "9"}, {"layers", "2"}})
            ->initial_state(4)
            .parts[0]
            .sizes() == torch::IntArrayRef({4, 2, 9}));
  CHECK(tlb::make_backbone("mlp", 3, {{"width", "5"}, {"frames", "4"}})
            ->initial_state(2)
            .parts[0]
            .sizes() == torch::IntArrayRef({2, 3, 3}));
  CHECK(tlb::make_backbone("transformer", 3, {{"width", "12"}, {"heads", "3"}, {"window", "5"}})
            ->initial_state(2)
            .parts[1]
            .sizes() == torch::IntArrayRef({2, 4, 12}));
}

TEST_CASE("docs/backbones.md lists every option with its default and help", "[tlb][factory]") {
  // The help is written once, in tlb/ (read_<kind>_options); the table repeats it verbatim.
  std::ifstream file(std::string(TLB_SOURCE_DIR) + "/docs/backbones.md");
  REQUIRE(file.good());
  std::stringstream text;
  text << file.rdbuf();
  for (const auto& kind : tlb::backbone_kinds()) {
    for (const auto& doc : tlb::backbone_options(kind)) {
      const std::string row =
          "| `" + kind + "." + doc.key + "` | " + doc.default_text + " | " + doc.help + " |\n";
      INFO("docs/backbones.md lacks the row " << row);
      CHECK(text.str().find(row) != std::string::npos);
    }
  }
}
