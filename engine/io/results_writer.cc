#include "engine/io/results_writer.h"

#include <fcntl.h>  // AT_FDCWD
#include <unistd.h>  // link

#include <cerrno>
#include <cmath>
#include <cstdio>  // renameat2, RENAME_EXCHANGE (glibc >= 2.28)
#include <cstring>
#include <ctime>
#include <filesystem>
#include <set>
#include <utility>

#include "engine/core/error.h"
#include "engine/io/hdf5_file.h"

#ifndef ETSIM_GIT_HASH
#define ETSIM_GIT_HASH "unknown"
#endif

namespace etsim::io {
namespace {

constexpr const char* kFormatText = "etsim results 1";

// Names the writer keeps up to date itself; callers may not set them.
bool is_reserved_meta_name(const std::string& name) {
  return name == "status" || name == "wall_time" || name == "simulated_time" || name == "format";
}

std::string in_quotes(const std::string& text) { return "'" + text + "'"; }

// HDF5 link names: anything but '/', and not "." (which means "this group").
void check_link_name(const std::string& name, const std::string& what, std::size_t index) {
  const std::string where = "recorded signal #" + std::to_string(index) + ": " + what + " " + in_quotes(name);
  if (name.empty()) {
    throw InputError("recorded signal #" + std::to_string(index) + ": empty " + what +
                     "; expected a name such as 'battery' or 'dc.voltage'");
  }
  if (name.find('/') != std::string::npos || name.find('\0') != std::string::npos) {
    throw InputError(where + " contains '/' or a NUL character; expected a plain name (dots are fine)");
  }
  if (name == "." || name == "..") throw InputError(where + " is not a valid name; expected a plain name");
}

std::string iso8601_utc_now() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

// The hidden sibling ".<name>.etsim-shadow" of path, in the same folder (a rename never crosses
// file systems there).
std::string shadow_path_of(const std::string& path) {
  const std::filesystem::path published(path);
  return (published.parent_path() / ("." + published.filename().string() + ".etsim-shadow")).string();
}

std::string system_error_text(int error_number) { return std::strerror(error_number); }

double seconds_between(std::chrono::steady_clock::time_point from, std::chrono::steady_clock::time_point to) {
  return std::chrono::duration<double>(to - from).count();
}

}  // namespace

ResultsWriter::ResultsWriter(std::string path, std::vector<RecordedSignal> signals,
                             const ResultsOptions& options,
                             const std::map<std::string, std::string>& meta_text)
    : path_(std::move(path)), signals_(std::move(signals)), options_(options) {
  if (path_.empty()) throw InputError("results file path is empty; expected a file name such as 'run.h5'");
  if (!std::isfinite(options_.flush_interval_s) || options_.flush_interval_s < 0.0) {
    throw InputError("results option flush_interval_s = " + std::to_string(options_.flush_interval_s) +
                     "; expected a finite number of seconds >= 0");
  }
  if (options_.buffer_rows == 0) throw InputError("results option buffer_rows = 0; expected at least 1");
  if (options_.chunk_rows == 0) throw InputError("results option chunk_rows = 0; expected at least 1");
  if (options_.deflate_level < 0 || options_.deflate_level > 9) {
    throw InputError("results option deflate_level = " + std::to_string(options_.deflate_level) +
                     "; expected 0 (no compression) .. 9");
  }
  std::set<std::pair<std::string, std::string>> seen;
  for (std::size_t index = 0; index < signals_.size(); ++index) {
    const RecordedSignal& signal = signals_[index];
    check_link_name(signal.component, "component", index);
    check_link_name(signal.signal, "signal", index);
    if (!seen.emplace(signal.component, signal.signal).second) {
      throw InputError("recorded signal #" + std::to_string(index) + " " +
                       in_quotes(signal.component + "/" + signal.signal) +
                       " is listed twice; expected each component/signal once");
    }
  }
  for (const auto& [name, value] : meta_text) {
    if (name.empty()) throw InputError("results meta text with an empty name; expected e.g. 'scenario'");
    if (is_reserved_meta_name(name)) {
      throw InputError("results meta text " + in_quotes(name) +
                       " is kept by the results writer itself; choose another name");
    }
  }

  column_count_ = signals_.size() + 1;
  constexpr std::size_t kMaxBufferValues = std::size_t{1} << 28;  // 2 GiB of doubles
  if (options_.buffer_rows > kMaxBufferValues / column_count_) {
    throw InputError("results buffer of " + std::to_string(options_.buffer_rows) + " rows x " +
                     std::to_string(column_count_) + " columns is too large; expected at most " +
                     std::to_string(kMaxBufferValues) + " values");
  }
  buffer_.assign(options_.buffer_rows * column_count_, 0.0);
  previous_buffer_.assign(options_.buffer_rows * column_count_, 0.0);
  column_scratch_.assign(2 * options_.buffer_rows, 0.0);
  dataset_paths_.reserve(column_count_);
  dataset_paths_.push_back("time");
  for (const RecordedSignal& signal : signals_) {
    dataset_paths_.push_back("signals/" + signal.component + "/" + signal.signal);
  }

  created_at_ = Clock::now();
  last_flush_at_ = created_at_;
  last_clock_check_at_ = created_at_;

  std::map<std::string, std::string> texts = {{"scenario", ""},
                                              {"solver", ""},
                                              {"engine_version", ETSIM_GIT_HASH},
                                              {"start_time", iso8601_utc_now()}};
  for (const auto& [name, value] : meta_text) texts[name] = value;
  texts["format"] = kFormatText;
  texts["status"] = status_;
  shadow_path_ = shadow_path_of(path_);
  // Both files start identical (a kill during these few milliseconds leaves no sample to lose).
  create_file(path_, texts);
  create_file(shadow_path_, texts);
}

ResultsWriter::~ResultsWriter() {
  if (finished_) return;
  try {
    if (status_ == "running") status_ = "failed: results writer closed before finish()";
    flush();
    remove_shadow();
  } catch (...) {
    // A destructor must not throw; the rows up to the previous flush are on disk (and the shadow
    // file stays, harmless).
  }
}

void ResultsWriter::create_file(const std::string& file_path,
                                const std::map<std::string, std::string>& texts) const {
  try {
    hdf5::File file = hdf5::File::create(file_path);
    const hsize_t chunk = options_.chunk_rows;
    {
      hdf5::Dataset time = file.create_extendible_double_dataset("time", chunk, options_.deflate_level);
      time.set_string_attribute("units", "s");
      time.set_string_attribute("description", "simulation time");
    }
    {
      hdf5::Group signals_group = file.create_group("signals");
      for (const RecordedSignal& signal : signals_) {
        hdf5::Group component = signals_group.open_or_create_group(signal.component);
        hdf5::Dataset dataset =
            component.create_extendible_double_dataset(signal.signal, chunk, options_.deflate_level);
        dataset.set_string_attribute("units", signal.units);
        dataset.set_string_attribute("description", signal.description);
      }
    }
    {
      hdf5::Group meta = file.create_group("meta");
      for (const auto& [name, value] : texts) meta.set_string_attribute(name, value);
      meta.set_double_attribute("wall_time", 0.0);
      meta.set_double_attribute("simulated_time", 0.0);
      hdf5::Group statistics = meta.create_group("statistics");
    }
    file.close();
  } catch (const Error& error) {
    throw Error("results file " + in_quotes(path_) + ": cannot create " +
                (file_path == path_ ? std::string("it") : "its shadow " + in_quotes(file_path)) + ": " +
                error.what());
  }
}

void ResultsWriter::append_slow_path(double time) {
  if (finished_) {
    throw Error("results file " + in_quotes(path_) + ": append() after finish() or fail()");
  }
  if (!std::isfinite(time)) {
    throw Error("results file " + in_quotes(path_) + ": sample time is " + std::to_string(time) +
                "; expected a finite number of seconds");
  }
  if (time < last_time_) {
    throw Error("results file " + in_quotes(path_) + ": sample time " + std::to_string(time) +
                " s is before the previous sample (" + std::to_string(last_time_) +
                " s); expected non-decreasing times");
  }
  // Only a full buffer is left: an earlier flush failed; retry it (throws again if it still fails).
  if (buffered_rows_ == options_.buffer_rows) flush();
}

void ResultsWriter::check_clock() {
  const Clock::time_point now = Clock::now();
  if (options_.flush_interval_s > 0.0) {
    // Aim at about one clock read per millisecond whatever the append rate.
    const double since_last_check = seconds_between(last_clock_check_at_, now);
    if (since_last_check < 0.25e-3 && clock_check_stride_ < 1024) {
      clock_check_stride_ *= 2;
    } else if (since_last_check > 2.0e-3 && clock_check_stride_ > 1) {
      clock_check_stride_ /= 2;
    }
  }
  last_clock_check_at_ = now;
  rows_until_clock_check_ = clock_check_stride_;
  if (seconds_between(last_flush_at_, now) >= options_.flush_interval_s) flush();
}

void ResultsWriter::flush() {
  try {
    write_flush();
  } catch (const Error& error) {
    throw Error("results file " + in_quotes(path_) + ": flush failed: " + error.what());
  }
}

void ResultsWriter::write_flush() {
  const Clock::time_point now = Clock::now();
  const std::size_t total_rows = rows_written_ + buffered_rows_;
  {
    hdf5::File file = hdf5::File::open(shadow_path_, hdf5::File::Access::kReadWrite);
    // The shadow lags one flush behind: it gets the previous batch again, then the new one.
    // Idempotent, so a flush that failed half-way is simply redone.
    const std::size_t previous_first_row = rows_written_ - previous_rows_;
    for (std::size_t column = 0; column < column_count_; ++column) {
      hdf5::Dataset dataset = file.open_dataset(dataset_paths_[column]);
      dataset.set_length(total_rows);
      // Gather the column into contiguous scratch: HDF5's own strided gather (a hyperslab of the
      // memory space) was measured 2x slower than this loop plus a contiguous write.
      const std::size_t lagging_rows = rows_written_ - shadow_rows_;
      const double* previous_rows = previous_buffer_.data() + (shadow_rows_ - previous_first_row) * column_count_;
      for (std::size_t row = 0; row < lagging_rows; ++row) {
        column_scratch_[row] = previous_rows[row * column_count_ + column];
      }
      for (std::size_t row = 0; row < buffered_rows_; ++row) {
        column_scratch_[lagging_rows + row] = buffer_[row * column_count_ + column];
      }
      dataset.write(shadow_rows_, lagging_rows + buffered_rows_, column_scratch_.data());
    }
    {
      hdf5::Group meta = file.open_group("meta");
      // Variable-length strings are rewritten only where they differ: each rewrite leaves the old
      // text behind in the file's global heap.
      if (meta.string_attribute("status") != status_) meta.set_string_attribute("status", status_);
      for (const auto& [name, value] : meta_texts_) {
        if (!meta.has_attribute(name) || !meta.attribute_is_string(name) || meta.string_attribute(name) != value) {
          meta.set_string_attribute(name, value);
        }
      }
      meta.set_double_attribute("wall_time", seconds_between(created_at_, now));
      meta.set_double_attribute("simulated_time", total_rows > 0 ? last_time_ - first_time_ : 0.0);
      for (const auto& [name, value] : meta_numbers_) meta.set_double_attribute(name, value);
      if (!statistics_.empty()) {
        hdf5::Group statistics = meta.open_or_create_group("statistics");
        for (const auto& [subsystem, counters] : statistics_) {
          if (subsystem.empty()) {
            for (const auto& [name, value] : counters) statistics.set_double_attribute(name, value);
          } else {
            hdf5::Group group = statistics.open_or_create_group(subsystem);
            for (const auto& [name, value] : counters) group.set_double_attribute(name, value);
          }
        }
      }
    }
    file.close();
  }
  publish_shadow();

  // The former published file is now the shadow, holding the rows before this batch.
  shadow_rows_ = rows_written_;
  rows_written_ = total_rows;
  previous_rows_ = buffered_rows_;
  buffer_.swap(previous_buffer_);
  buffered_rows_ = 0;
  ++flush_count_;
  last_flush_at_ = Clock::now();
  last_clock_check_at_ = last_flush_at_;
}

void ResultsWriter::publish_shadow() {
  // One atomic step where the kernel and file system offer it (Linux >= 3.15 on ext4, xfs, btrfs,
  // tmpfs, ...): the names of the two files are swapped.
  if (::renameat2(AT_FDCWD, shadow_path_.c_str(), AT_FDCWD, path_.c_str(), RENAME_EXCHANGE) == 0) return;
  const int exchange_error = errno;
  if (exchange_error != EINVAL && exchange_error != ENOSYS && exchange_error != EOPNOTSUPP) {
    throw Error("cannot exchange " + in_quotes(shadow_path_) + " and " + in_quotes(path_) + ": " +
                system_error_text(exchange_error));
  }
  // Fallback in three atomic steps; path_ names a complete file after each of them.
  const std::string old_published = shadow_path_ + ".old";
  ::unlink(old_published.c_str());
  if (::link(path_.c_str(), old_published.c_str()) != 0) {
    throw Error("cannot publish " + in_quotes(path_) + ": this file system supports neither renameat2 " +
                "RENAME_EXCHANGE nor hard links (" + system_error_text(errno) + ")");
  }
  if (std::rename(shadow_path_.c_str(), path_.c_str()) != 0 ||
      std::rename(old_published.c_str(), shadow_path_.c_str()) != 0) {
    throw Error("cannot publish " + in_quotes(path_) + ": " + system_error_text(errno));
  }
}

void ResultsWriter::remove_shadow() noexcept {
  std::error_code ignored;
  std::filesystem::remove(shadow_path_, ignored);
}

void ResultsWriter::check_meta_name(const std::string& name) const {
  if (name.empty()) throw InputError("results meta name is empty; expected e.g. 'final_soc'");
  if (is_reserved_meta_name(name)) {
    throw InputError("results meta " + in_quotes(name) + " is kept by the results writer itself; choose another name");
  }
}

void ResultsWriter::set_status(const std::string& status) { status_ = status; }

void ResultsWriter::set_statistics(const std::map<std::string, std::map<std::string, double>>& statistics) {
  for (const auto& [subsystem, counters] : statistics) {
    if (subsystem.find('/') != std::string::npos || subsystem == "." || subsystem == "..") {
      throw InputError("statistics subsystem " + in_quotes(subsystem) + " is not a plain name; expected e.g. 'thermal'");
    }
    for (const auto& [name, value] : counters) {
      if (name.empty()) throw InputError("statistics of " + in_quotes(subsystem) + " has an empty counter name");
    }
  }
  statistics_ = statistics;
}

void ResultsWriter::set_meta_number(const std::string& name, double value) {
  check_meta_name(name);
  meta_numbers_[name] = value;
}

void ResultsWriter::set_meta_text(const std::string& name, const std::string& value) {
  check_meta_name(name);
  meta_texts_[name] = value;
}

void ResultsWriter::finish() {
  if (finished_) return;
  status_ = "completed";
  flush();
  finished_ = true;
  remove_shadow();
}

void ResultsWriter::fail(const std::string& message) {
  if (finished_) return;
  status_ = "failed: " + message;
  flush();
  finished_ = true;
  remove_shadow();
}

}  // namespace etsim::io
