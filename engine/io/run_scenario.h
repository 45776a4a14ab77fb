// Runs a loaded scenario end to end: assembles the network, builds one model (or one per
// subsystem for co-simulation), steps it to the stop time while recording the selected signals
// into an HDF5 results file, and returns a summary. This is the path behind `etsim run`, the
// Python bindings and the benches.
#pragma once

#include <functional>
#include <map>
#include <string>

#include "engine/exec/simulator.h"
#include "engine/framework/model.h"
#include "engine/io/scenario.h"

namespace etsim {

// Connects the scenario's components as its connections say (errors carry the file position).
ModelBuilder build_network(const ScenarioSpec& scenario);

// Builds every model the scenario needs without running it; throws InputError on any problem.
void check_scenario(const ScenarioSpec& scenario);

struct RunProgress {
  double time = 0.0;        // [s] simulated
  double start_time = 0.0;  // [s]
  double stop_time = 0.0;   // [s]
  double wall_time = 0.0;   // [s] since the run started
};

struct RunOptions {
  std::string output_path;  // "" = the scenario's output.file (or "<name>.h5")
  std::function<void(const RunProgress&)> progress;  // called at most every progress_interval
  double progress_interval = 0.2;                    // [s] wall clock
  // Compiled kernels to choose from (engine/exec/compiled_kernel.h); a model whose structure has
  // one runs it instead of the interpreted evaluation.
  CompiledKernelList kernels;
};

struct RunSummary {
  std::string output_path;
  double simulated_time = 0.0;  // [s]
  double wall_time = 0.0;       // [s]
  double real_time_factor = 0.0;
  std::size_t samples = 0;
  // Solver statistics per subsystem ("" for a monolithic run).
  std::map<std::string, SolverStats> solver;
  std::map<std::string, EventStats> events;
  long communication_steps = 0;
  // Per subsystem ("" for a monolithic run): the compiled kernel's name, or "interpreted".
  std::map<std::string, std::string> evaluation;
};

// Throws SimulationError (after writing the failure and everything recorded so far to the file)
// when the solver fails, InputError for problems found while assembling.
RunSummary run_scenario(const ScenarioSpec& scenario, const RunOptions& options);

// A few lines for people: wall time, real-time factor, solver statistics, output path.
std::string format_summary(const RunSummary& summary);

}  // namespace etsim
