// Simulator: runs one Model with one Integrator, handling discrete sample hits, time events and
// state events between continuous stretches. With a fixed-step integrator the whole stepping path
// (advance_to) allocates nothing and takes no locks.
#pragma once

#include <functional>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "engine/core/error.h"
#include "engine/exec/model_system.h"
#include "engine/framework/model.h"
#include "engine/solvers/integrator.h"

namespace etsim {

// A run that failed: what the solver said, when, and which state/component misbehaved.
class SimulationError : public Error {
 public:
  SimulationError(const std::string& message, double time, std::string state, std::string component)
      : Error(message), time_(time), state_(std::move(state)), component_(std::move(component)) {}
  double time() const { return time_; }
  const std::string& state() const { return state_; }
  const std::string& component() const { return component_; }

 private:
  double time_;
  std::string state_;
  std::string component_;
};

struct EventStats {
  long state_events = 0;
  long sample_hits = 0;
  long time_events = 0;
  long solver_resets = 0;
};

class Simulator {
 public:
  // The model must outlive the simulator. Allocates the run data, the integrator and the
  // model/solver adapter; with start_now it also initialises components, discrete states and the
  // integrator at t0. A co-simulation master passes start_now = false, sets the external inputs
  // first and then calls start().
  // kernels: compiled kernels to choose from (compiled_kernel.h); the one generated from this
  // model's structure, if any, replaces the interpreted evaluation (same results, less overhead).
  Simulator(const Model& model, const SolverOptions& options, double t0, bool start_now = true,
            CompiledKernelList kernels = {});
  void start();
  ~Simulator();

  // Integrates to t (>= time()), processing every event on the way. With a fixed-step method,
  // t should be a multiple of the step (the last step ends at or after t - 1e-9 h). Outputs in
  // data().y are those of the solver's last evaluation; call refresh_outputs() before reading
  // them (recording does), so that stepping does not pay for an extra evaluation.
  void advance_to(double t);
  // Real-time stepping: exactly one fixed step from time() (fixed-step methods only), with the
  // same event handling as advance_to(time() + h) and less bookkeeping; what a HIL loop calls
  // every tick. Allocation- and lock-free like advance_to.
  void step();

  double time() const { return data_.time; }
  const Model& model() const { return model_; }
  const RunData& data() const { return data_; }
  // E.g. to set external inputs between calls; then call reset_solver() (a multistep method such
  // as ab2 must not carry derivatives from before the change).
  RunData& mutable_data() { return data_; }
  const SolverStats& solver_stats() const { return integrator_->stats(); }
  const EventStats& event_stats() const { return events_; }
  const SolverOptions& options() const { return options_; }
  // The compiled kernel in use, or nullptr (interpreted evaluation).
  const CompiledKernel* compiled_kernel() const { return system_->compiled_kernel(); }

  // After changing states or external inputs from outside (co-simulation): handles zero crossings
  // that the change itself caused (against the values remembered at the end of advance_to), then
  // restarts the solver.
  void reset_solver();
  // Re-evaluates outputs at the current time and state (e.g. after external inputs changed).
  void refresh_outputs();

 private:
  bool handle_events(const AdvanceResult& result, double t_stop, bool time_event, double tolerance);
  void process_sample_hits();
  void remember_crossings();
  bool fire_discontinuity_crossings();  // true when a crossing fired
  [[noreturn]] void fail(const SolverFailure& failure);
  void update_next_sample_time();  // from next_sample_index_
  double next_sample_time_ = std::numeric_limits<double>::infinity();

  const Model& model_;
  SolverOptions options_;
  RunData data_;
  double start_time_;  // origin of the fixed-step grid used by step()
  long long grid_index_ = 0;  // step(): the grid point k of grid_time_ = start_time_ + k h
  double grid_time_ = std::numeric_limits<double>::quiet_NaN();
  std::unique_ptr<ModelSystem> system_;
  std::unique_ptr<Integrator> integrator_;
  std::vector<long> next_sample_index_;  // per sample group
  std::vector<char> group_hit_;          // per sample group, scratch of process_sample_hits
  std::vector<double> g_reference_;      // zero-crossing values before the latest discontinuity
  bool started_ = false;
  EventStats events_;
  bool fixed_step_ = false;
};

}  // namespace etsim
