// Multirate co-simulation: a network split into subsystems, each a Model with its own solver and
// step, coupled at communication points every `communication_step` seconds by a master.
//  - Jacobi: every subsystem advances over [t, t+H] at once (in parallel on TBB) with inputs
//    extrapolated from the outputs of its peers at t (hold) or at t and t-H (linear).
//  - Gauss-Seidel: subsystems advance one after the other in the order given; a subsystem's
//    inputs from peers that already advanced are interpolated over [t, t+H] (linear) or taken at
//    t+H (hold); inputs from peers still to come are extrapolated as in Jacobi.
// The coupling error is O(H) for hold and O(H^2) for linear extrapolation; tests check that the
// split run approaches the monolithic one as H shrinks.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "engine/exec/signal_selection.h"
#include "engine/exec/simulator.h"
#include "engine/framework/model.h"

namespace etsim {

enum class CouplingScheme { Jacobi, GaussSeidel };
enum class CouplingExtrapolation { Hold, Linear };

struct SubsystemSpec {
  std::string name;
  std::vector<std::string> components;
  SolverOptions solver;
};

struct CosimulationOptions {
  double communication_step = 1e-3;  // [s]
  CouplingScheme scheme = CouplingScheme::Jacobi;
  CouplingExtrapolation extrapolation = CouplingExtrapolation::Linear;
  int threads = 0;  // Jacobi worker threads; 0 = TBB default
  CompiledKernelList kernels;  // compiled kernels the subsystems may use (compiled_kernel.h)
};

class CosimulationMaster {
 public:
  // Builds one Model per subsystem from the builder's network; every component must belong to
  // exactly one subsystem (InputError otherwise).
  CosimulationMaster(const ModelBuilder& network, std::vector<SubsystemSpec> subsystems,
                     const CosimulationOptions& options, double t0);
  ~CosimulationMaster();

  // Advances every subsystem to t (a whole number of communication steps from the start).
  void advance_to(double t);
  double time() const { return time_; }

  int subsystem_count() const { return static_cast<int>(parts_.size()); }
  const std::string& subsystem_name(int k) const { return specs_[k].name; }
  const Simulator& subsystem(int k) const { return *parts_[k].simulator; }
  std::vector<SubsystemView> views() const;
  long communication_steps() const { return macro_steps_; }
  const CosimulationOptions& options() const { return options_; }

 private:
  struct Coupling {
    int source_subsystem;
    int source_output;  // global output index in the source model
    int target_slot;    // external input slot in the target model
  };
  struct Part {
    std::unique_ptr<Model> model;
    std::unique_ptr<Simulator> simulator;
    std::vector<Coupling> inputs;  // couplings feeding this part
  };
  void exchange(int target, double t_start, bool peers_advanced_mask_only);
  void step(double t_next);

  std::vector<SubsystemSpec> specs_;
  CosimulationOptions options_;
  std::vector<Part> parts_;
  // Outputs of every subsystem at the current and previous communication points.
  std::vector<std::vector<double>> y_now_, y_previous_;
  std::vector<char> advanced_;
  double time_ = 0.0;
  double start_time_ = 0.0;
  long macro_steps_ = 0;
  struct Arena;
  std::unique_ptr<Arena> arena_;
};

CouplingScheme coupling_scheme_from_string(const std::string& text);
CouplingExtrapolation coupling_extrapolation_from_string(const std::string& text);

}  // namespace etsim
