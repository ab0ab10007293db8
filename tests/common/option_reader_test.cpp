// Tests common/option_reader.cpp: typed reads with defaults, the docs they record, and errors
// that name the owner, the key, what was expected and what was found.
#include <catch2/catch.hpp>

#include <cmath>

#include "common/option_reader.h"

using Catch::Matchers::Contains;
using tlb::common::OptionReader;

namespace {
enum class Shape { kRound, kSquare };
const std::vector<std::pair<std::string, Shape>> kShapes = {{"round", Shape::kRound},
                                                            {"square", Shape::kSquare}};
}  // namespace

TEST_CASE("OptionReader reads typed values and falls back to defaults", "[common]") {
  OptionReader reader("Task-v5", {{"w", "1e-3"},
                                  {"n", "7"},
                                  {"b", "false"},
                                  {"r", "-0.5..inf"},
                                  {"s", "text"},
                                  {"c", "square"}});
  CHECK(reader.get_double("w", 1.0, "") == 1e-3);
  CHECK(reader.get_int("n", 1, "") == 7);
  CHECK_FALSE(reader.get_bool("b", true, ""));
  const auto range = reader.get_range("r", {0, 1}, "");
  CHECK(range.low == -0.5);
  CHECK(std::isinf(range.high));
  CHECK(reader.get_string("s", "", "") == "text");
  CHECK(reader.get_choice("c", Shape::kRound, kShapes, "") == Shape::kSquare);
  CHECK(reader.get_double("absent", 2.5, "") == 2.5);
  CHECK(reader.get_choice("absent_choice", Shape::kSquare, kShapes, "") == Shape::kSquare);
  CHECK_NOTHROW(reader.finish());
  CHECK(reader.unread().empty());
}

TEST_CASE("OptionReader records each option's key, default and help", "[common]") {
  OptionReader reader("demo");
  CHECK(reader.get_int("a", int64_t{4}, "an int") == 4);
  reader.get_double("b", 3e-4, "a number");
  reader.get_bool("c", true, "a bool");
  reader.get_range("d", {0, 1}, "a range");
  reader.get_choice("e", Shape::kSquare, kShapes, "a choice");
  const auto& docs = reader.docs();
  REQUIRE(docs.size() == 5);
  CHECK(docs[0].key == "a");
  CHECK(docs[0].default_text == "4");
  CHECK(docs[0].help == "an int");
  CHECK(docs[1].default_text == "0.0003");
  CHECK(docs[2].default_text == "true");
  CHECK(docs[3].default_text == "0..1");
  CHECK(docs[4].default_text == "square");
  CHECK(docs[4].help == "a choice; one of round, square");
}

TEST_CASE("OptionReader rejects bad values in one line naming owner, key and text", "[common]") {
  OptionReader reader("Task-v5", {{"n", "7.5"},
                                  {"big", "2147483648"},
                                  {"neg", "-1x"},
                                  {"w", "lots"},
                                  {"b", "maybe"},
                                  {"r", "2..1"},
                                  {"c", "oval"},
                                  {"e", ""}});
  REQUIRE_THROWS_WITH(reader.get_int("n", int64_t{1}, ""),
                      "Task-v5.n: expected an integer, found '7.5'");
  REQUIRE_THROWS_WITH(reader.get_int("big", 1, ""),
                      "Task-v5.big: expected an integer in [-2147483648, 2147483647], found "
                      "'2147483648'");
  REQUIRE_THROWS_WITH(reader.get_int("neg", int64_t{1}, ""), Contains("found '-1x'"));
  REQUIRE_THROWS_WITH(reader.get_int("e", int64_t{1}, ""),
                      "Task-v5.e: expected an integer, found ''");
  REQUIRE_THROWS_WITH(reader.get_double("w", 1.0, ""),
                      "Task-v5.w: expected a number, found 'lots'");
  REQUIRE_THROWS_WITH(reader.get_bool("b", true, ""),
                      "Task-v5.b: expected true or false, found 'maybe'");
  REQUIRE_THROWS_WITH(reader.get_range("r", {0, 1}, ""),
                      "Task-v5.r: expected a range low..high with low <= high, found '2..1'");
  REQUIRE_THROWS_WITH(reader.get_choice("c", Shape::kRound, kShapes, ""),
                      "Task-v5.c: expected one of round|square, found 'oval'");
}

TEST_CASE("OptionReader rejects unread keys by name and lists the accepted ones", "[common]") {
  OptionReader reader("tlb", {{"chunkk", "16"}, {"latents", "2"}});
  reader.get_int("chunk", int64_t{8}, "steps per chunk");
  reader.get_int("latents", int64_t{8}, "latent vectors");
  CHECK(reader.unread() == std::map<std::string, std::string>{{"chunkk", "16"}});
  REQUIRE_THROWS_AS(reader.finish(), std::invalid_argument);
  REQUIRE_THROWS_WITH(reader.finish(), "unknown option tlb.chunkk (accepted: chunk, latents)");
  REQUIRE_THROWS_WITH(reader.fail_unknown("chunkk", "the wrapper options"),
                      "unknown option tlb.chunkk (accepted: chunk, latents, the wrapper options)");
}
