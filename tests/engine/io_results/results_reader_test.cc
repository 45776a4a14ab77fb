// Tests of read_results_info / format_results_info / read_results_signal (what `etsim info` shows).
#include "engine/io/results_reader.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "engine/core/error.h"
#include "engine/io/hdf5_file.h"
#include "engine/io/results_writer.h"
#include "tests/engine/io_results/results_test_files.h"

namespace etsim::io {
namespace {

using results_test::pattern_value;
using results_test::ScratchFolder;

// A finished run: 3 signals (given out of order), 101 samples from t = 2 s to t = 7 s.
std::string write_sample_file(const ScratchFolder& folder) {
  const std::string path = folder.file("info.h5");
  ResultsWriter writer(path,
                       {{"motor", "shaft.speed", "rad/s", "rotor speed"},
                        {"battery", "current", "A", "terminal current"},
                        {"battery", "dc.voltage", "V", "terminal voltage"}},
                       ResultsOptions{}, {{"scenario", "name: wltc\ncycle: wltc_class3b\n"},
                                          {"solver", "method: bdf\nrtol: 1e-6"},
                                          {"engine_version", "0123456789ab"},
                                          {"start_time", "2026-11-22T06:00:00Z"},
                                          {"vehicle", "test car"}});
  double values[3];
  for (int row = 0; row <= 100; ++row) {
    const double time = 2.0 + 0.05 * row;
    for (std::size_t i = 0; i < 3; ++i) values[i] = pattern_value(i, time);
    writer.append(time, values);
  }
  writer.set_statistics({{"", {{"steps", 100}, {"rhs_evaluations", 1234567}}}, {"thermal", {{"steps", 12}}}});
  writer.set_meta_number("final_soc", 0.8125);
  writer.finish();
  return path;
}

TEST(ResultsReader, InfoListsSamplesSignalsMetaAndStatistics) {
  ScratchFolder folder;
  const ResultsInfo info = read_results_info(write_sample_file(folder));
  EXPECT_EQ(info.samples, 101u);
  EXPECT_DOUBLE_EQ(info.start_time, 2.0);
  EXPECT_DOUBLE_EQ(info.end_time, 7.0);
  EXPECT_EQ(info.status(), "completed");
  ASSERT_EQ(info.signals.size(), 3u);
  // Sorted by component, then signal.
  EXPECT_EQ(info.signals[0].component, "battery");
  EXPECT_EQ(info.signals[0].signal, "current");
  EXPECT_EQ(info.signals[0].units, "A");
  EXPECT_EQ(info.signals[1].signal, "dc.voltage");
  EXPECT_EQ(info.signals[2].component, "motor");
  EXPECT_EQ(info.signals[2].signal, "shaft.speed");
  EXPECT_EQ(info.signals[2].units, "rad/s");
  EXPECT_EQ(info.signals[2].description, "rotor speed");
  for (const ResultsSignalInfo& signal : info.signals) EXPECT_EQ(signal.samples, 101u);
  EXPECT_EQ(info.meta_text.at("scenario"), "name: wltc\ncycle: wltc_class3b\n");
  EXPECT_EQ(info.meta_text.at("engine_version"), "0123456789ab");
  EXPECT_EQ(info.meta_text.at("start_time"), "2026-11-22T06:00:00Z");
  EXPECT_EQ(info.meta_text.at("vehicle"), "test car");
  EXPECT_DOUBLE_EQ(info.meta_numbers.at("simulated_time"), 5.0);
  EXPECT_DOUBLE_EQ(info.meta_numbers.at("final_soc"), 0.8125);
  EXPECT_GE(info.meta_numbers.at("wall_time"), 0.0);
  EXPECT_DOUBLE_EQ(info.statistics.at("").at("steps"), 100.0);
  EXPECT_DOUBLE_EQ(info.statistics.at("").at("rhs_evaluations"), 1234567.0);
  EXPECT_DOUBLE_EQ(info.statistics.at("thermal").at("steps"), 12.0);
}

TEST(ResultsReader, FormatShowsWhatEtsimInfoPrints) {
  ScratchFolder folder;
  const std::string path = write_sample_file(folder);
  const std::string text = format_results_info(read_results_info(path));
  const std::vector<std::string> expected_lines = {
      "etsim results file: " + path + "\n",
      "status:          completed\n",
      "samples:         101 (time 2 s .. 7 s)\n",
      "simulated time:  5 s\n",
      "start time:      2026-11-22T06:00:00Z\n",
      "engine version:  0123456789ab\n",
      "vehicle: test car\n",
      "final_soc: 0.8125\n",
      "  (whole run): rhs_evaluations=1234567 steps=100\n",
      "  thermal: steps=12\n",
      "signals (3):\n",
      "  battery/current     [A]      terminal current\n",
      "  battery/dc.voltage  [V]      terminal voltage\n",
      "  motor/shaft.speed   [rad/s]  rotor speed\n",
      "solver:\n  method: bdf\n  rtol: 1e-6\n",
      "scenario:\n  name: wltc\n  cycle: wltc_class3b\n",
  };
  for (const std::string& line : expected_lines) {
    EXPECT_NE(text.find(line), std::string::npos) << "missing: " << line << "in:\n" << text;
  }
  // Lines come in this order: status first, signals before solver and scenario.
  EXPECT_LT(text.find("status:"), text.find("signals (3):"));
  EXPECT_LT(text.find("signals (3):"), text.find("solver:"));
  EXPECT_EQ(text.find("WARNING"), std::string::npos);
}

TEST(ResultsReader, FormatWarnsAboutSignalsOfAnotherLength) {
  ResultsInfo info;
  info.path = "x.h5";
  info.samples = 10;
  info.signals.push_back({"battery", "current", "A", "", 9});
  const std::string text = format_results_info(info);
  EXPECT_NE(text.find("battery/current  [A]  (WARNING: 9 samples, /time has 10)"), std::string::npos) << text;
  EXPECT_NE(text.find("status:          (not recorded)"), std::string::npos) << text;
}

TEST(ResultsReader, ReadsSignalsAndSuggestsAKnownNameForATypo) {
  ScratchFolder folder;
  const std::string path = write_sample_file(folder);
  const std::vector<double> time = read_results_time(path);
  const std::vector<double> voltage = read_results_signal(path, "battery", "dc.voltage");
  ASSERT_EQ(voltage.size(), 101u);
  for (std::size_t row = 0; row < time.size(); ++row) EXPECT_EQ(voltage[row], pattern_value(2, time[row]));
  try {
    read_results_signal(path, "battery", "dc.voltag");
    ADD_FAILURE() << "a misspelled signal did not throw";
  } catch (const Error& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("has no signal 'battery/dc.voltag' (did you mean 'battery/dc.voltage'?)"),
              std::string::npos)
        << message;
  }
}

TEST(ResultsReader, RefusesFilesThatAreNotEtsimResults) {
  ScratchFolder folder;
  const std::string other = folder.file("other.h5");
  {
    hdf5::File file = hdf5::File::create(other);
    file.create_group("data");
    file.close();
  }
  try {
    read_results_info(other);
    ADD_FAILURE() << "a file without /time was accepted";
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find("results file '" + other + "' has no /time dataset"), std::string::npos)
        << error.what();
  }
  const std::string missing = folder.file("missing.h5");
  try {
    read_results_info(missing);
    ADD_FAILURE() << "a missing file was accepted";
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find("results file '" + missing + "'"), std::string::npos) << error.what();
  }
}

}  // namespace
}  // namespace etsim::io
