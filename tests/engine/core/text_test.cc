#include "engine/core/text.h"

#include <gtest/gtest.h>

namespace etsim::text {
namespace {

TEST(Text, EditDistanceKnownPairs) {
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3);  // the textbook example
  EXPECT_EQ(edit_distance("flaw", "lawn"), 2);
  EXPECT_EQ(edit_distance("", "abc"), 3);
  EXPECT_EQ(edit_distance("abc", ""), 3);
  EXPECT_EQ(edit_distance("same", "same"), 0);
  EXPECT_EQ(edit_distance("resistanse", "resistance"), 1);
  EXPECT_EQ(edit_distance("kW", "kw"), 1);  // case matters in the distance itself
  // Symmetric.
  EXPECT_EQ(edit_distance("temperature", "tmeperatrue"), edit_distance("tmeperatrue", "temperature"));
  EXPECT_EQ(edit_distance("abcdef", "uvw"), 6);  // nothing in common: the longer length
}

TEST(Text, ClosestPicksNearestPlausibleCandidate) {
  const std::vector<std::string> keys = {"resistance", "capacitance", "voltage", "mode"};
  EXPECT_EQ(closest("resistanse", keys), "resistance");
  EXPECT_EQ(closest("voltag", keys), "voltage");
  EXPECT_EQ(closest("Voltage", keys), "voltage");   // case-insensitive match wins
  EXPECT_EQ(closest("xyzzy", keys), "");            // nothing plausible
  EXPECT_EQ(closest("", keys), "");
  EXPECT_EQ(closest("mode", keys), "");             // the word itself is not a suggestion
  EXPECT_EQ(closest("kw", {"kV", "kW", "W"}), "kW");
  EXPECT_EQ(closest("resistance", {}), "");
  // A swap of two neighbouring letters is one typo.
  EXPECT_EQ(closest("form", {"from", "to"}), "from");
  EXPECT_EQ(closest("tempreature", {"temperature", "pressure"}), "temperature");
  // A name that extends the word (or is cut from it) is plausible from three characters on.
  EXPECT_EQ(closest("time", {"time_s", "current_A"}), "time_s");
  EXPECT_EQ(closest("current_amps", {"time_s", "current"}), "current");
  EXPECT_EQ(closest("ti", {"time_s"}), "");
  // Among plausible candidates the one with fewer typos wins.
  EXPECT_EQ(closest("voltage_d", {"voltage", "voltage_dc"}), "voltage_dc");
}

TEST(Text, DidYouMeanFormatsTheSuggestion) {
  EXPECT_EQ(did_you_mean("solvr", {"solver", "simulation"}), " (did you mean 'solver'?)");
  EXPECT_EQ(did_you_mean("qqqq", {"solver", "simulation"}), "");
}

}  // namespace
}  // namespace etsim::text
