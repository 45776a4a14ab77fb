// Writes a simulation's results to an HDF5 file, incrementally and kill-safe.
//
// Layout (docs/results-format.md has the full description):
//   /time                          float64[n], units "s", chunked, shuffle + deflate
//   /signals/<component>/<signal>  float64[n], attributes units, description (signal names may hold dots)
//   /meta                          attributes scenario, engine_version, solver, start_time, status,
//                                  wall_time, simulated_time (+ any extra text or number)
//   /meta/statistics[/<subsystem>] attributes steps, rejected_steps, rhs_evaluations, ... (float64)
//
// Design: rows are buffered in a preallocated row-major buffer; append() only copies the values
// (one memcpy; no allocation, no system call); the flush gathers each column. A flush happens when the buffer is full or when
// flush_interval_s of wall time has passed (the steady clock is read only every few rows, with the
// stride adapted to the append rate so that it is read about once per millisecond).
//
// Kill safety (shadow file + atomic exchange): the writer keeps two complete HDF5 files, the
// published one at `path` and a hidden shadow next to it (".<name>.etsim-shadow"). A flush writes
// into the shadow only (it lags one flush behind, so it receives the previous batch of rows again
// plus the new one), closes it, and then swaps the two names atomically (renameat2 RENAME_EXCHANGE;
// hard link + rename where the file system lacks it). So `path` always names a file that HDF5 has
// completely written and closed: a run killed with SIGKILL at any moment, even inside a flush,
// leaves a file that h5py opens, holding every sample up to the last completed flush. Writing HDF5
// in place cannot give this: HDF5 1.10 rewrites B-tree nodes and object headers in place and reuses
// freed space at close, and a kill inside that sequence was measured to corrupt the file.
// Costs: every row is compressed and written twice, and the disk holds two copies until finish()
// (which deletes the shadow). Limits (power loss, readers of a live file): docs/results-format.md.
//
// Not thread-safe: one thread appends. No HDF5 header is included here.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "engine/io/results_reader.h"

namespace etsim::io {

// One recorded signal: stored as /signals/<component>/<signal>.
struct RecordedSignal {
  std::string component;    // e.g. "battery"; no '/', not "." or ".."
  std::string signal;       // e.g. "current" or "dc.voltage"; no '/', not "." or ".."
  std::string units;        // SI unit string, e.g. "A", "V", "K", "W" ("1" or "" when dimensionless)
  std::string description;  // one line for humans
};

struct ResultsOptions {
  double flush_interval_s = 1.0;  // wall clock; 0 flushes at every append (slow: for tests only)
  std::size_t buffer_rows = 4096; // rows held in memory; a full buffer forces a flush
  std::size_t chunk_rows = 1024;  // HDF5 chunk length of every dataset
  int deflate_level = 4;          // 0..9; 0 stores the data uncompressed (no shuffle either)
};

class ResultsWriter {
 public:
  // Creates (or truncates) the file and writes the layout and the static part of /meta: every
  // entry of meta_text as a string attribute of /meta. Entries the caller does not give default to:
  // start_time = now (ISO 8601 UTC), engine_version = the build's git hash, scenario = "",
  // solver = "". status starts as "running". The file is closed again before this returns.
  // Throws etsim::InputError for bad signals or options (naming the entry and the expected form) and
  // etsim::Error when the file cannot be written.
  ResultsWriter(std::string path, std::vector<RecordedSignal> signals, const ResultsOptions& options,
                const std::map<std::string, std::string>& meta_text);
  ResultsWriter(const ResultsWriter&) = delete;
  ResultsWriter& operator=(const ResultsWriter&) = delete;
  // Flushes what is buffered; if neither finish() nor fail() was called the status becomes
  // "failed: results writer closed before finish()". Never throws.
  ~ResultsWriter();

  // Records one sample: values holds signals().size() numbers in the order of signals().
  // time must be finite and not smaller than the previous time (equal times are allowed: the two
  // sides of an event). No allocation in steady state; flushes when due (then it may throw
  // etsim::Error if the file cannot be written; the rows stay buffered and the next flush retries).
  void append(double time, const double* values) {
    if (buffered_rows_ == options_.buffer_rows || !(time >= last_time_) || time > kMaxTime || finished_) {
      append_slow_path(time);  // flush a full buffer, or throw for bad input
    }
    double* row = buffer_.data() + buffered_rows_ * column_count_;
    row[0] = time;
    if (column_count_ > 1) std::memcpy(row + 1, values, (column_count_ - 1) * sizeof(double));
    if (buffered_rows_ == 0 && rows_written_ == 0) first_time_ = time;
    last_time_ = time;
    ++buffered_rows_;
    if (--rows_until_clock_check_ == 0) check_clock();
    if (buffered_rows_ == options_.buffer_rows) flush();
  }

  // Writes the buffered rows and the current /meta into the shadow file, closes it and publishes it
  // at path() (atomic exchange). Throws etsim::Error when a file cannot be written; the rows stay
  // buffered, the published file stays as it was, and the next flush retries.
  void flush();

  // Status text stored in /meta/status at the next flush, e.g. "failed: solver diverged at t=3.2 s".
  void set_status(const std::string& status);
  // Counters per subsystem: key "" for /meta/statistics itself, another key k for
  // /meta/statistics/k. Typical names: steps, rejected_steps, rhs_evaluations,
  // jacobian_evaluations, newton_iterations, newton_failures. Stored at the next flush.
  void set_statistics(const std::map<std::string, std::map<std::string, double>>& statistics);
  // Extra /meta attributes, stored at the next flush. The names status, wall_time and
  // simulated_time are kept by the writer and rejected here.
  void set_meta_number(const std::string& name, double value);
  void set_meta_text(const std::string& name, const std::string& value);

  // Final flush with status "completed"; deletes the shadow file. Further appends throw.
  void finish();
  // Final flush with status "failed: <message>". Further appends throw.
  void fail(const std::string& message);

  const std::string& path() const { return path_; }
  const std::vector<RecordedSignal>& signals() const { return signals_; }
  std::size_t rows_written() const { return rows_written_; }    // rows on disk
  std::size_t rows_buffered() const { return buffered_rows_; }  // rows waiting for the next flush
  std::size_t flush_count() const { return flush_count_; }

 private:
  static constexpr double kMaxTime = 1.0e300;  // rejects +inf without <cmath> in this header

  void append_slow_path(double time);
  void check_clock();
  void create_file(const std::string& file_path, const std::map<std::string, std::string>& texts) const;
  void write_flush();
  void publish_shadow();
  void remove_shadow() noexcept;
  void check_meta_name(const std::string& name) const;

  std::string path_;
  std::string shadow_path_;  // hidden sibling of path_: receives each flush before the exchange
  std::vector<RecordedSignal> signals_;
  ResultsOptions options_;
  std::size_t column_count_ = 1;  // time + one per signal
  std::vector<std::string> dataset_paths_;  // per column: "time", "signals/<component>/<signal>"

  // Row-major: row r holds time at [r * column_count_] and the signals after it.
  std::vector<double> buffer_;
  std::size_t buffered_rows_ = 0;
  // The batch of the previous flush, same layout: the shadow file has not received it yet.
  std::vector<double> previous_buffer_;
  std::size_t previous_rows_ = 0;
  std::vector<double> column_scratch_;  // one column of both batches, contiguous, for the flush
  std::size_t rows_written_ = 0;  // rows in the published file
  std::size_t shadow_rows_ = 0;   // rows in the shadow file (= rows_written_ - previous_rows_)
  std::size_t flush_count_ = 0;
  double first_time_ = 0.0;
  double last_time_ = -1.0e308;  // no sample yet: any finite time is accepted

  using Clock = std::chrono::steady_clock;
  Clock::time_point created_at_;
  Clock::time_point last_flush_at_;
  Clock::time_point last_clock_check_at_;
  std::size_t clock_check_stride_ = 1;      // rows between two reads of the clock
  std::size_t rows_until_clock_check_ = 1;

  std::string status_ = "running";
  std::map<std::string, double> meta_numbers_;     // rewritten at every flush (in place)
  std::map<std::string, std::string> meta_texts_;  // set after creation; written where they differ
  std::map<std::string, std::map<std::string, double>> statistics_;
  bool finished_ = false;
};

}  // namespace etsim::io
