// Reads back what an etsim results file holds (for `etsim info`, tests and post-processing).
// Works on finished files, on files of a run still in progress (between two flushes) and on files
// of a killed run. No HDF5 header is included here.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

namespace etsim::io {

struct ResultsSignalInfo {
  std::string component;
  std::string signal;
  std::string units;
  std::string description;
  std::size_t samples = 0;  // equals ResultsInfo::samples in a consistent file
};

struct ResultsInfo {
  std::string path;
  std::size_t samples = 0;  // length of /time
  double start_time = 0.0;  // first and last value of /time [s]; 0 when there is no sample
  double end_time = 0.0;
  std::vector<ResultsSignalInfo> signals;                // sorted by component, then signal
  std::map<std::string, std::string> meta_text;          // string attributes of /meta
  std::map<std::string, double> meta_numbers;            // numeric attributes of /meta
  // Attributes of /meta/statistics under key "", of /meta/statistics/<k> under key k.
  std::map<std::string, std::map<std::string, double>> statistics;

  std::string status() const;  // meta_text["status"], "" when missing
};

// Throws etsim::Error naming the file and what is missing when it is not an etsim results file.
ResultsInfo read_results_info(const std::string& path);

// Human-readable listing of a ResultsInfo (what `etsim info <file>` prints): status, sample count and
// time range, meta data, statistics, and one line per signal with units and description. The scenario
// and solver texts are printed indented, in full.
std::string format_results_info(const ResultsInfo& info);

// The whole /time dataset, or one signal.
std::vector<double> read_results_time(const std::string& path);
std::vector<double> read_results_signal(const std::string& path, const std::string& component,
                                        const std::string& signal);

}  // namespace etsim::io
