// Tests common/text.cpp: option names, lists, and the strict value syntax every reader shares.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include "common/text.h"

using namespace tlb::common;

TEST_CASE("dashed and join spell names and lists", "[common]") {
  CHECK(dashed("clip_coef") == "clip-coef");
  CHECK(dashed("tlb.self_layers") == "tlb.self-layers");
  CHECK(join({}, ", ").empty());
  CHECK(join({"a"}, ", ") == "a");
  CHECK(join({"a", "b", "c"}, "|") == "a|b|c");
}

TEST_CASE("Integers are digits with an optional '-', in range, nothing else", "[common]") {
  CHECK(parse_int("7") == 7);
  CHECK(parse_int("-12") == -12);
  CHECK(parse_int("9223372036854775807") == std::numeric_limits<int64_t>::max());
  CHECK(parse_int("-9223372036854775808") == std::numeric_limits<int64_t>::min());
  for (const char* bad : {"", "-", "+3", " 3", "3 ", "3x", "7.5", "1e3", "0x10",
                          "9223372036854775808", "-9223372036854775809"}) {
    INFO(bad);
    CHECK_FALSE(parse_int(bad));
  }
  CHECK(parse_int("2147483647", -2147483648LL, 2147483647) == 2147483647);
  CHECK_FALSE(parse_int("2147483648", -2147483648LL, 2147483647));
  CHECK_FALSE(parse_int("-1", 0, 10));
}

TEST_CASE("Unsigned integers never wrap a sign", "[common]") {
  CHECK(parse_uint("18446744073709551615") == std::numeric_limits<uint64_t>::max());
  for (const char* bad : {"", "-1", " -1", " 1", "+1", "18446744073709551616", "1 "}) {
    INFO(bad);
    CHECK_FALSE(parse_uint(bad));
  }
  CHECK(parse_uint("100", 100) == 100u);
  CHECK_FALSE(parse_uint("101", 100));
}

TEST_CASE("Numbers are strtod's whole text, not nan and not overflowing", "[common]") {
  CHECK(parse_double("1e-3") == 1e-3);
  CHECK(parse_double("-0.5") == -0.5);
  CHECK(std::isinf(*parse_double("inf")));
  CHECK(*parse_double("-inf") < 0);
  for (const char* bad : {"", "lots", "1.5x", " 1", "nan", "1e999"}) {
    INFO(bad);
    CHECK_FALSE(parse_double(bad));
  }
}

TEST_CASE("Booleans take the usual spellings", "[common]") {
  for (const char* yes : {"true", "1", "yes", "on", "True"}) CHECK(parse_bool(yes) == true);
  for (const char* no : {"false", "0", "no", "off", "False"}) CHECK(parse_bool(no) == false);
  CHECK_FALSE(parse_bool("maybe"));
  CHECK_FALSE(parse_bool(""));
}

TEST_CASE("format_number writes the shortest text that reads back exactly", "[common]") {
  CHECK(format_number(0.2) == "0.2");
  CHECK(format_number(3e-4) == "0.0003");
  CHECK(format_number(1e-8) == "1e-08");
  CHECK(format_number(std::numeric_limits<double>::infinity()) == "inf");
  CHECK(format_number(-std::numeric_limits<double>::infinity()) == "-inf");
  const double third = 1.0 / 3.0;
  CHECK(*parse_double(format_number(third)) == third);
}
