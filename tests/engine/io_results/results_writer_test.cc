// Tests of ResultsWriter: the file layout (read back with the raw HDF5 C API and with h5py),
// incremental flushing, kill safety (SIGKILL at random moments), zero allocation in append(), and
// the errors for bad input.
#include "engine/io/results_writer.h"

#include <gtest/gtest.h>
#include <hdf5.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <limits>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "engine/core/error.h"
#include "tests/engine/io_results/results_test_files.h"
#include "tests/support/allocation_counter.h"

namespace etsim::io {
namespace {

using results_test::pattern_value;
using results_test::run_h5py_check;
using results_test::ScratchFolder;

const std::vector<RecordedSignal> kSignals = {
    {"battery", "current", "A", "terminal current, positive when discharging"},
    {"battery", "dc.voltage", "V", "terminal voltage"},
    {"coolant", "temperature", "K", "outlet temperature"},
};

// check_results.py arguments naming kSignals in writer order.
std::string signal_arguments(const std::vector<RecordedSignal>& signals) {
  std::string arguments;
  for (const RecordedSignal& signal : signals) {
    arguments += " --signal " + signal.component + "/" + signal.signal + ":" + signal.units;
  }
  return arguments;
}

void append_pattern_rows(ResultsWriter& writer, std::size_t first_row, std::size_t row_count, double time_step) {
  std::vector<double> values(writer.signals().size());
  for (std::size_t row = first_row; row < first_row + row_count; ++row) {
    const double time = time_step * static_cast<double>(row);
    for (std::size_t i = 0; i < values.size(); ++i) values[i] = pattern_value(i, time);
    writer.append(time, values.data());
  }
}

// ------------------------------------------------------------------------- raw C API read-back

// "YYYY-MM-DDTHH:MM:SSZ" (std::regex would do, but GCC 12 warns inside <regex> under ASan builds).
bool is_iso8601_utc(const std::string& text) {
  const std::string form = "dddd-dd-ddTdd:dd:ddZ";
  if (text.size() != form.size()) return false;
  for (std::size_t i = 0; i < form.size(); ++i) {
    const bool ok = form[i] == 'd' ? (text[i] >= '0' && text[i] <= '9') : text[i] == form[i];
    if (!ok) return false;
  }
  return true;
}

struct RawDataset {
  std::vector<double> values;
  hsize_t chunk = 0;
  std::vector<H5Z_filter_t> filters;
  std::string units;
  std::string description;
};

std::string read_raw_string_attribute(hid_t object, const char* name) {
  std::string value;
  const hid_t attribute = H5Aopen(object, name, H5P_DEFAULT);
  if (attribute < 0) return "<missing>";
  const hid_t type = H5Aget_type(attribute);
  if (H5Tis_variable_str(type) > 0) {
    char* text = nullptr;
    H5Aread(attribute, type, &text);
    value = text != nullptr ? text : "";
    H5free_memory(text);
  } else {
    value = "<not a variable-length string>";
  }
  H5Tclose(type);
  H5Aclose(attribute);
  return value;
}

double read_raw_double_attribute(hid_t object, const char* name) {
  double value = std::numeric_limits<double>::quiet_NaN();
  const hid_t attribute = H5Aopen(object, name, H5P_DEFAULT);
  if (attribute < 0) return value;
  H5Aread(attribute, H5T_NATIVE_DOUBLE, &value);
  H5Aclose(attribute);
  return value;
}

RawDataset read_raw_dataset(hid_t file, const std::string& name) {
  RawDataset result;
  const hid_t dataset = H5Dopen2(file, name.c_str(), H5P_DEFAULT);
  if (dataset < 0) {
    ADD_FAILURE() << "no dataset " << name;
    return result;
  }
  const hid_t space = H5Dget_space(dataset);
  EXPECT_EQ(H5Sget_simple_extent_ndims(space), 1) << name;
  hsize_t length = 0;
  hsize_t max_length = 0;
  H5Sget_simple_extent_dims(space, &length, &max_length);
  EXPECT_EQ(max_length, H5S_UNLIMITED) << name;
  const hid_t type = H5Dget_type(dataset);
  EXPECT_GT(H5Tequal(type, H5T_IEEE_F64LE), 0) << name << " is not float64";
  result.values.resize(length);
  if (length > 0) H5Dread(dataset, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, result.values.data());
  const hid_t creation = H5Dget_create_plist(dataset);
  if (H5Pget_layout(creation) == H5D_CHUNKED) H5Pget_chunk(creation, 1, &result.chunk);
  for (int i = 0; i < H5Pget_nfilters(creation); ++i) {
    unsigned flags = 0;
    std::size_t count = 0;
    result.filters.push_back(H5Pget_filter2(creation, static_cast<unsigned>(i), &flags, &count, nullptr, 0,
                                            nullptr, nullptr));
  }
  result.units = read_raw_string_attribute(dataset, "units");
  result.description = read_raw_string_attribute(dataset, "description");
  H5Pclose(creation);
  H5Tclose(type);
  H5Sclose(space);
  H5Dclose(dataset);
  return result;
}

// Opens like any reader would (file locking off so the test does not depend on the environment).
hid_t open_raw(const std::string& path) {
  const hid_t access = H5Pcreate(H5P_FILE_ACCESS);
  H5Pset_file_locking(access, false, true);
  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, access);
  H5Pclose(access);
  return file;
}

// ----------------------------------------------------------------------------------- layout

TEST(ResultsWriter, LayoutUnitsValuesAndCompressionReadBackWithTheCApi) {
  ScratchFolder folder;
  const std::string path = folder.file("layout.h5");
  ResultsOptions options;
  options.buffer_rows = 700;   // several buffer-full flushes ...
  options.chunk_rows = 256;    // ... that end in the middle of a chunk
  options.flush_interval_s = 3600.0;
  const std::size_t rows = 2500;
  {
    ResultsWriter writer(path, kSignals, options,
                         {{"scenario", "name: heat\nduration: 2.5 s\n"}, {"solver", "method: bdf\nrtol: 1e-6\n"},
                          {"engine_version", "abc123def456"}});
    append_pattern_rows(writer, 0, rows, 1e-3);
    EXPECT_EQ(writer.rows_written(), 2100u);  // three full buffers
    EXPECT_EQ(writer.rows_buffered(), 400u);
    writer.set_statistics({{"", {{"steps", 2499}, {"rejected_steps", 3}}}, {"thermal", {{"steps", 17}}}});
    writer.set_meta_number("final_soc", 0.75);
    writer.finish();
    EXPECT_EQ(writer.rows_written(), rows);
    EXPECT_EQ(writer.flush_count(), 4u);
  }

  const hid_t file = open_raw(path);
  ASSERT_GE(file, 0);
  const RawDataset time = read_raw_dataset(file, "/time");
  ASSERT_EQ(time.values.size(), rows);
  for (std::size_t row = 0; row < rows; ++row) ASSERT_EQ(time.values[row], 1e-3 * static_cast<double>(row));
  EXPECT_EQ(time.units, "s");
  EXPECT_EQ(time.chunk, 256u);
  EXPECT_EQ(time.filters, (std::vector<H5Z_filter_t>{H5Z_FILTER_SHUFFLE, H5Z_FILTER_DEFLATE}));
  for (std::size_t i = 0; i < kSignals.size(); ++i) {
    const RawDataset signal = read_raw_dataset(file, "/signals/" + kSignals[i].component + "/" + kSignals[i].signal);
    ASSERT_EQ(signal.values.size(), rows) << kSignals[i].signal;
    for (std::size_t row = 0; row < rows; ++row) {
      ASSERT_EQ(signal.values[row], pattern_value(i, time.values[row])) << kSignals[i].signal << " row " << row;
    }
    EXPECT_EQ(signal.units, kSignals[i].units);
    EXPECT_EQ(signal.description, kSignals[i].description);
    EXPECT_EQ(signal.chunk, 256u);
    EXPECT_EQ(signal.filters, time.filters);
  }

  const hid_t meta = H5Gopen2(file, "/meta", H5P_DEFAULT);
  ASSERT_GE(meta, 0);
  EXPECT_EQ(read_raw_string_attribute(meta, "status"), "completed");
  EXPECT_EQ(read_raw_string_attribute(meta, "scenario"), "name: heat\nduration: 2.5 s\n");
  EXPECT_EQ(read_raw_string_attribute(meta, "solver"), "method: bdf\nrtol: 1e-6\n");
  EXPECT_EQ(read_raw_string_attribute(meta, "engine_version"), "abc123def456");
  EXPECT_TRUE(is_iso8601_utc(read_raw_string_attribute(meta, "start_time")));
  EXPECT_DOUBLE_EQ(read_raw_double_attribute(meta, "simulated_time"), 1e-3 * 2499);
  const double wall_time = read_raw_double_attribute(meta, "wall_time");
  EXPECT_GE(wall_time, 0.0);
  EXPECT_LT(wall_time, 30.0);
  EXPECT_DOUBLE_EQ(read_raw_double_attribute(meta, "final_soc"), 0.75);
  const hid_t statistics = H5Gopen2(meta, "statistics", H5P_DEFAULT);
  EXPECT_DOUBLE_EQ(read_raw_double_attribute(statistics, "steps"), 2499.0);
  EXPECT_DOUBLE_EQ(read_raw_double_attribute(statistics, "rejected_steps"), 3.0);
  const hid_t thermal = H5Gopen2(statistics, "thermal", H5P_DEFAULT);
  EXPECT_DOUBLE_EQ(read_raw_double_attribute(thermal, "steps"), 17.0);
  H5Gclose(thermal);
  H5Gclose(statistics);
  H5Gclose(meta);
  // The writer's file format is the earliest one (superblock version 0): no "open for writing"
  // status flag that would make a crashed file unreadable.
  const hid_t creation = H5Fget_create_plist(file);
  H5F_info2_t info;
  H5Fget_info2(file, &info);
  EXPECT_EQ(info.super.version, 0u);
  H5Pclose(creation);
  H5Fclose(file);
}

TEST(ResultsWriter, H5pyReadsLayoutUnitsAndValues) {
  ScratchFolder folder;
  const std::string path = folder.file("h5py.h5");
  ResultsOptions options;
  options.buffer_rows = 1000;
  options.chunk_rows = 128;
  {
    ResultsWriter writer(path, kSignals, options, {{"scenario", "name: h5py check"}});
    append_pattern_rows(writer, 0, 1234, 0.01);
    writer.set_statistics({{"", {{"steps", 1233}}}, {"electric", {{"newton_iterations", 42}}}});
    writer.finish();
  }
  const auto result = run_h5py_check(path + signal_arguments(kSignals) +
                                     " --status completed --samples 1234 --chunk 128"
                                     " --meta 'scenario=name: h5py check' --statistic steps=1233"
                                     " --statistic electric/newton_iterations=42");
  EXPECT_EQ(result.exit_code, 0) << result.output;
}

TEST(ResultsWriter, TheCheckScriptCatchesAWrongFile) {
  // Guards the guard: a file whose values or status differ from what is claimed must fail the script.
  ScratchFolder folder;
  const std::string path = folder.file("wrong.h5");
  {
    ResultsWriter writer(path, kSignals, ResultsOptions{}, {});
    std::vector<double> values = {pattern_value(0, 0.0), pattern_value(1, 0.0), 99.0};
    writer.append(0.0, values.data());
    writer.finish();
  }
  EXPECT_NE(run_h5py_check(path + signal_arguments(kSignals) + " --status completed").exit_code, 0);
  EXPECT_NE(run_h5py_check(path + " --status completed").exit_code, 0);  // signals not listed
}

// ------------------------------------------------------------------------- incremental writing

TEST(ResultsWriter, FlushesByWallClockAndTheFileIsReadableBetweenFlushes) {
  ScratchFolder folder;
  const std::string path = folder.file("interval.h5");
  ResultsOptions options;
  options.flush_interval_s = 0.02;
  options.buffer_rows = 100000;  // never full: only the clock triggers flushes
  ResultsWriter writer(path, kSignals, options, {});
  std::size_t row = 0;
  const auto start = std::chrono::steady_clock::now();
  while (std::chrono::steady_clock::now() - start < std::chrono::milliseconds(150)) {
    append_pattern_rows(writer, row, 10, 1e-3);
    row += 10;
    std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
  // ~150 ms at 20 ms per flush: a handful of flushes, certainly not one per append.
  EXPECT_GE(writer.flush_count(), 3u);
  EXPECT_LE(writer.flush_count(), 15u);
  ASSERT_GT(writer.rows_written(), 0u);
  // While the writer is still alive, what is on disk is exactly what it reports as written.
  const std::vector<double> time = read_results_time(path);
  EXPECT_EQ(time.size(), writer.rows_written());
  EXPECT_EQ(read_results_info(path).status(), "running");
  writer.finish();
  EXPECT_EQ(read_results_time(path).size(), row);
}

TEST(ResultsWriter, DestructorFlushesAndMarksAnUnfinishedRun) {
  ScratchFolder folder;
  const std::string path = folder.file("unfinished.h5");
  {
    ResultsOptions options;
    options.flush_interval_s = 3600.0;
    ResultsWriter writer(path, kSignals, options, {});
    append_pattern_rows(writer, 0, 321, 0.5);
    EXPECT_EQ(writer.rows_written(), 0u);
  }
  const ResultsInfo info = read_results_info(path);
  EXPECT_EQ(info.samples, 321u);
  EXPECT_EQ(info.status(), "failed: results writer closed before finish()");
}

TEST(ResultsWriter, FailRecordsTheMessageAndEqualTimesAreAllowed) {
  ScratchFolder folder;
  const std::string path = folder.file("failed.h5");
  ResultsWriter writer(path, {kSignals[0]}, ResultsOptions{}, {});
  const double before = 1.0;
  const double after = 2.0;
  writer.append(0.5, &before);
  writer.append(0.5, &after);  // both sides of an event at t = 0.5 s
  writer.fail("solver diverged at t = 0.5 s");
  EXPECT_EQ(read_results_info(path).status(), "failed: solver diverged at t = 0.5 s");
  EXPECT_EQ(read_results_signal(path, "battery", "current"), (std::vector<double>{1.0, 2.0}));
  EXPECT_THROW(writer.append(1.0, &after), Error);
}

TEST(ResultsWriter, NoSignalsStillRecordsTime) {
  ScratchFolder folder;
  const std::string path = folder.file("time_only.h5");
  ResultsWriter writer(path, {}, ResultsOptions{}, {});
  writer.append(0.0, nullptr);
  writer.append(1.0, nullptr);
  writer.finish();
  EXPECT_EQ(read_results_time(path), (std::vector<double>{0.0, 1.0}));
}

// ---------------------------------------------------------------------------------- kill safety

// The child: appends rows (about 50 000 per second, 8 signals) with a 20 ms flush interval until it
// is killed. Never returns.
[[noreturn]] void write_until_killed(const std::string& path, const std::vector<RecordedSignal>& signals) {
  try {
    ResultsOptions options;
    options.flush_interval_s = 0.02;
    options.buffer_rows = 4096;
    options.chunk_rows = 256;
    ResultsWriter writer(path, signals, options, {{"scenario", "kill test"}});
    std::vector<double> values(signals.size());
    const auto start = std::chrono::steady_clock::now();
    for (std::size_t row = 0; std::chrono::steady_clock::now() - start < std::chrono::seconds(20); ++row) {
      const double time = 1e-3 * static_cast<double>(row);
      for (std::size_t i = 0; i < values.size(); ++i) values[i] = pattern_value(i, time);
      writer.append(time, values.data());
      if (row % 10 == 9) std::this_thread::sleep_for(std::chrono::microseconds(150));
    }
    _exit(3);  // the parent did not kill us in time
  } catch (...) {
    _exit(2);
  }
}

TEST(ResultsWriter, FileOfARunKilledAtRandomMomentsIsCompleteUpToTheLastFlush) {
  ScratchFolder folder;
  std::vector<RecordedSignal> signals;
  for (int i = 0; i < 8; ++i) {
    signals.push_back({"component" + std::to_string(i % 3), "signal." + std::to_string(i), "W", "kill test signal"});
  }
  std::random_device entropy;
  const unsigned seed = entropy();
  std::mt19937 random(seed);
  std::uniform_int_distribution<int> kill_after_ms(0, 400);
  constexpr int kTrials = 5;
  for (int trial = 0; trial < kTrials; ++trial) {
    SCOPED_TRACE("trial " + std::to_string(trial) + ", seed " + std::to_string(seed));
    const std::string path = folder.file("killed_" + std::to_string(trial) + ".h5");
    const pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) write_until_killed(path, signals);
    // Wait for the first published flush (a loaded CI machine may be slow to start the child),
    // then kill at a random moment, which lands inside a flush in a fair share of the trials.
    const auto waiting_since = std::chrono::steady_clock::now();
    while (std::chrono::steady_clock::now() - waiting_since < std::chrono::seconds(10)) {
      try {
        if (read_results_info(path).samples > 0) break;
      } catch (const Error&) {
        // Not created yet.
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(kill_after_ms(random)));
    ASSERT_EQ(kill(child, SIGKILL), 0);
    int status = 0;
    ASSERT_EQ(waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFSIGNALED(status)) << "the writer exited by itself with code " << WEXITSTATUS(status);

    // etsim's own reader (HDF5 C API).
    ResultsInfo info;
    ASSERT_NO_THROW(info = read_results_info(path));
    EXPECT_EQ(info.status(), "running");
    ASSERT_GT(info.samples, 0u);
    const std::vector<double> time = read_results_time(path);
    ASSERT_EQ(time.size(), info.samples);
    for (std::size_t row = 0; row < time.size(); ++row) {
      ASSERT_EQ(time[row], 1e-3 * static_cast<double>(row)) << "row " << row;  // also: strictly increasing
    }
    ASSERT_EQ(info.signals.size(), signals.size());
    for (std::size_t i = 0; i < signals.size(); ++i) {
      const std::vector<double> values = read_results_signal(path, signals[i].component, signals[i].signal);
      ASSERT_EQ(values.size(), time.size()) << signals[i].signal;
      for (std::size_t row = 0; row < values.size(); ++row) {
        ASSERT_EQ(values[row], pattern_value(i, time[row])) << signals[i].signal << " row " << row;
      }
    }
    // h5py, independently.
    const auto result = run_h5py_check(path + signal_arguments(signals) + " --status running --min-samples 1");
    EXPECT_EQ(result.exit_code, 0) << result.output;
  }
}

// ------------------------------------------------------------------------------ zero allocation

TEST(ResultsWriter, AppendDoesNotAllocateBetweenFlushes) {
  ScratchFolder folder;
  std::vector<RecordedSignal> signals;
  for (int i = 0; i < 50; ++i) {
    // (std::string(...).append: GCC 12 warns falsely (-Wrestrict) on "literal" + std::to_string here.)
    signals.push_back({std::string("c").append(std::to_string(i / 10)), std::string("s").append(std::to_string(i)),
                       "1", ""});
  }
  ResultsOptions options;
  options.flush_interval_s = 3600.0;
  options.buffer_rows = 8192;
  ResultsWriter writer(folder.file("alloc.h5"), signals, options, {});
  std::vector<double> values(signals.size(), 1.0);
  writer.append(0.0, values.data());
  long allocations = 0;
  {
    AllocationCounter counter;
    for (int row = 1; row < 8000; ++row) writer.append(1e-3 * row, values.data());  // reads the clock too
    allocations = counter.count();
  }
  EXPECT_EQ(allocations, 0);
  EXPECT_EQ(writer.flush_count(), 0u);
  EXPECT_EQ(writer.rows_buffered(), 8000u);
  // And the counter does see a flush (which allocates): the measurement is not blind.
  AllocationCounter flush_counter;
  writer.flush();
  EXPECT_GT(flush_counter.count(), 0);
}

// ------------------------------------------------------------------------------------ bad input

template <typename Function>
std::string error_message(Function&& function) {
  try {
    function();
  } catch (const Error& error) {
    return error.what();
  }
  return "<no exception>";
}

TEST(ResultsWriter, BadSignalsAndOptionsAreRejectedWithTheExpectedForm) {
  ScratchFolder folder;
  const std::string path = folder.file("bad.h5");
  const auto make = [&](std::vector<RecordedSignal> signals, ResultsOptions options,
                        std::map<std::string, std::string> meta = {}) {
    return error_message([&] { ResultsWriter writer(path, signals, options, meta); });
  };
  EXPECT_NE(make({{"battery", "a/b", "A", ""}}, {}).find("recorded signal #0: signal 'a/b' contains '/'"),
            std::string::npos);
  EXPECT_NE(make({{"", "x", "A", ""}}, {}).find("empty component"), std::string::npos);
  EXPECT_NE(make({{"battery", ".", "A", ""}}, {}).find("not a valid name"), std::string::npos);
  EXPECT_NE(make({{"b", "x", "A", ""}, {"b", "x", "V", ""}}, {}).find("'b/x' is listed twice"), std::string::npos);
  ResultsOptions options;
  options.deflate_level = 12;
  EXPECT_NE(make({}, options).find("deflate_level = 12; expected 0 (no compression) .. 9"), std::string::npos);
  options = {};
  options.buffer_rows = 0;
  EXPECT_NE(make({}, options).find("buffer_rows = 0"), std::string::npos);
  options = {};
  options.flush_interval_s = std::numeric_limits<double>::quiet_NaN();
  EXPECT_NE(make({}, options).find("flush_interval_s"), std::string::npos);
  EXPECT_NE(make({}, {}, {{"status", "x"}}).find("'status' is kept by the results writer"), std::string::npos);
  EXPECT_THROW(ResultsWriter("", {}, {}, {}), InputError);
  // Nothing was created for rejected input.
  EXPECT_FALSE(std::filesystem::exists(path));
  const std::string unwritable = folder.file("no_such_folder/run.h5");
  const std::string message = make({}, {});
  EXPECT_EQ(message, "<no exception>");  // a valid call after all the bad ones
  const std::string create_error = error_message([&] { ResultsWriter writer(unwritable, {}, {}, {}); });
  EXPECT_NE(create_error.find("results file '" + unwritable + "': cannot create it: "), std::string::npos)
      << create_error;
}

TEST(ResultsWriter, BadTimesAndLateAppendsThrowWithoutCorruptingTheFile) {
  ScratchFolder folder;
  const std::string path = folder.file("times.h5");
  ResultsWriter writer(path, {kSignals[0]}, ResultsOptions{}, {});
  const double value = 1.0;
  writer.append(1.0, &value);
  EXPECT_NE(error_message([&] { writer.append(0.5, &value); }).find("before the previous sample"), std::string::npos);
  EXPECT_NE(error_message([&] { writer.append(std::nan(""), &value); }).find("expected a finite number"),
            std::string::npos);
  EXPECT_THROW(writer.append(std::numeric_limits<double>::infinity(), &value), Error);
  EXPECT_THROW(writer.set_meta_number("wall_time", 1.0), InputError);
  EXPECT_THROW(writer.set_statistics({{"a/b", {}}}), InputError);
  writer.append(2.0, &value);
  writer.finish();
  EXPECT_EQ(read_results_time(path), (std::vector<double>{1.0, 2.0}));
  EXPECT_THROW(writer.append(3.0, &value), Error);
}

TEST(ResultsWriter, AFlushThatCannotWriteThrowsKeepsTheRowsAndThePublishedFile) {
  ScratchFolder folder;
  const std::string path = folder.file("blocked.h5");
  const std::string shadow = folder.file(".blocked.h5.etsim-shadow");
  ResultsOptions options;
  options.flush_interval_s = 3600.0;
  ResultsWriter writer(path, {kSignals[0]}, options, {});
  const double value = 1.0;
  writer.append(0.0, &value);
  writer.flush();
  writer.append(1.0, &value);
  ASSERT_TRUE(std::filesystem::exists(shadow));
  std::filesystem::remove(shadow);
  std::filesystem::create_directory(shadow);  // now a folder: the flush cannot open it
  const std::string message = error_message([&] { writer.flush(); });
  EXPECT_NE(message.find("results file '" + path + "': flush failed"), std::string::npos) << message;
  EXPECT_NE(message.find(shadow), std::string::npos) << message;
  EXPECT_EQ(writer.rows_buffered(), 1u);
  EXPECT_EQ(writer.rows_written(), 1u);
  EXPECT_EQ(read_results_time(path), std::vector<double>{0.0});  // the published file is untouched
  std::filesystem::remove(shadow);
  EXPECT_THROW(writer.fail("disk trouble"), Error);  // the shadow is gone: reported, no crash
}

TEST(ResultsWriter, FinishRemovesTheShadowFileAndKeepsOnlyThePublishedOne) {
  ScratchFolder folder;
  const std::string path = folder.file("tidy.h5");
  ResultsWriter writer(path, kSignals, ResultsOptions{}, {});
  append_pattern_rows(writer, 0, 10, 0.1);
  writer.flush();
  EXPECT_TRUE(std::filesystem::exists(folder.file(".tidy.h5.etsim-shadow")));
  append_pattern_rows(writer, 10, 10, 0.1);
  writer.finish();
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(std::filesystem::path(path).parent_path())) {
    names.push_back(entry.path().filename().string());
  }
  EXPECT_EQ(names, std::vector<std::string>{"tidy.h5"});
  EXPECT_EQ(read_results_time(path).size(), 20u);
}

}  // namespace
}  // namespace etsim::io
