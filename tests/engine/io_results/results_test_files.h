// Helpers shared by the results-file tests: a scratch folder per test, a closed-form signal pattern
// that every test (and check_results.py) can recompute, and running the h5py check script.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <sys/wait.h>

namespace etsim::io::results_test {

// Value of recorded signal number `index` at time t; check_results.py uses the same formula.
inline double pattern_value(std::size_t index, double time) {
  return static_cast<double>(index + 1) * time + static_cast<double>(index);
}

// A fresh folder under the system temp folder, removed when the object dies.
class ScratchFolder {
 public:
  ScratchFolder() {
    const ::testing::TestInfo* test = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ = std::filesystem::temp_directory_path() /
            ("etsim_io_results_" + std::to_string(::getpid()) + "_" + test->test_suite_name() + "_" + test->name());
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~ScratchFolder() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

struct CommandResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr
};

inline CommandResult run_command(const std::string& command) {
  CommandResult result;
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return result;
  char chunk[512];
  while (std::fgets(chunk, sizeof chunk, pipe) != nullptr) result.output += chunk;
  const int status = ::pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

// Runs check_results.py with Debian's python (which has h5py) on a results file.
inline CommandResult run_h5py_check(const std::string& arguments) {
  const std::string script = std::string(ETSIM_SOURCE_DIR) + "/tests/engine/io_results/check_results.py";
  return run_command(std::string(ETSIM_SYSTEM_PYTHON) + " " + script + " " + arguments);
}

}  // namespace etsim::io::results_test
