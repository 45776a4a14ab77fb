// A Component is an immutable description of one model part: its continuous and discrete states,
// parameters (held by the concrete class as plain members), inputs, outputs and ports, and const
// functions that evaluate its equations. Every number that changes during a run lives in RunData
// (see model.h); a component never keeps mutable state, so one built Model can be stepped from many
// threads with one RunData each (Drake's System/Context split, MuJoCo's mjModel/mjData split).
//
// A concrete component declares everything in its constructor with the add_* functions, then
// implements compute_outputs() and compute_derivatives(). Evaluation order per right-hand side:
//   1. compute_outputs() of every component, in an order the builder sorts at signal level so that
//      every input an output depends on is computed first; a component may be called more than once
//      when its outputs feed each other through other components, so compute_outputs() must be a
//      pure function of its context;
//   2. compute_derivatives() of every component with states: its inputs are current. Its own
//      outputs are current only where other components use them (outputs that are only recorded
//      are computed when the run records), so derivatives compute what they need from x, u and d
//      rather than reading it back from y.
// Neither may allocate, lock, log or throw; return RhsStatus::Recoverable for a state outside the
// valid range (the solver retries with a smaller step) and Fatal for anything else.
#pragma once

#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/framework/port.h"
#include "engine/solvers/ode_system.h"

namespace etsim {

struct StateSpec {
  std::string name;         // unique within the component, e.g. "junction_temperature"
  std::string unit;         // SI unit string, e.g. "K"
  double initial = 0.0;     // [unit] default initial value (a scenario may override it)
  double nominal = 1.0;     // [unit] typical magnitude, scales tolerances and FD perturbations
  double absolute_tolerance = 0.0;  // [unit] 0: nominal * solver relative tolerance * 1e-2
  std::string description;
  bool explicit_part = false;       // IMEX: derivative belongs to the explicit (non-stiff) part
};

struct DiscreteStateSpec {
  std::string name;
  std::string unit;
  double initial = 0.0;
  std::string description;
};

struct SignalSpec {
  std::string name;
  std::string unit;
  std::string description;
};

struct PortSpec {
  std::string name;
  PortKind kind;
  PortRole role;
  std::string signal_unit;         // Signal ports only
  std::vector<int> input_index;    // local input index of each port variable that is an input here
  std::vector<int> output_index;   // local output index of each port variable that is an output here
};

// What a component sees when evaluated: views into RunData for this component only.
struct EvalContext {
  double time = 0.0;
  const double* x = nullptr;   // continuous states [state_count]
  const double* u = nullptr;   // inputs [input_count] (summed inputs already added up)
  double* y = nullptr;         // outputs [output_count]; written by compute_outputs
  const double* d = nullptr;   // discrete states [discrete_state_count]
  double* work = nullptr;      // scratch [workspace_size], e.g. interpolation search hints
};

// Analytic partial derivatives of one component's equations at one point, as dense row-major
// blocks that the caller has zeroed (own states and own inputs only; the engine chains them through
// the connections into the model's Jacobian).
struct PartialDerivatives {
  double* output_by_state = nullptr;      // [output_count x state_count]  dy/dx
  double* output_by_input = nullptr;      // [output_count x input_count]  dy/du
  double* derivative_by_state = nullptr;  // [state_count x state_count]   d(xdot)/dx
  double* derivative_by_input = nullptr;  // [state_count x input_count]   d(xdot)/du
};

class Component {
 public:
  explicit Component(std::string name);
  virtual ~Component();
  Component(const Component&) = delete;
  Component& operator=(const Component&) = delete;

  const std::string& name() const { return name_; }
  virtual std::string_view type_name() const = 0;

  // --- Equations (const, allocation-free) ---------------------------------------------------------
  // Writes every output from x, d and (with direct feedthrough) u.
  virtual RhsStatus compute_outputs(const EvalContext& context) const { return RhsStatus::Ok; }
  // Writes xdot[state_count].
  virtual RhsStatus compute_derivatives(const EvalContext& context, double* xdot) const {
    return RhsStatus::Ok;
  }
  // Discrete update at sample hits (time = k*period + offset): reads context, writes d_next.
  virtual void update_discrete(const EvalContext& context, double* d_next) const {}
  // State-event functions g[zero_crossing_count]; a sign change triggers on_zero_crossing.
  virtual void zero_crossings(const EvalContext& context, double* g) const {}
  // Reacts to a located crossing (direction +1 rising, -1 falling) by changing discrete states.
  virtual void on_zero_crossing(int index, int direction, const EvalContext& context,
                                double* d) const {}
  // Next time after t at which this component's equations are discontinuous (e.g. a table
  // breakpoint); the simulator stops there. +infinity when none.
  virtual double next_time_event(double t, const EvalContext& context) const {
    return std::numeric_limits<double>::infinity();
  }
  // Optional analytic Jacobian block: fills p at the context (the same point compute_outputs and
  // compute_derivatives would see) and returns Ok. A component that overrides it also overrides
  // has_partial_derivatives(); components without are differentiated numerically, one at a time.
  virtual bool has_partial_derivatives() const { return false; }
  virtual RhsStatus partial_derivatives(const EvalContext& context, const PartialDerivatives& p) const {
    return RhsStatus::Fatal;
  }
  // Called once when a run starts, after initial values are in place (e.g. to initialise discrete
  // states consistently from inputs).
  virtual void initialize(const EvalContext& context, double* x, double* d) const {}

  // --- Declarations (read by the builder) ---------------------------------------------------------
  const std::vector<StateSpec>& states() const { return states_; }
  const std::vector<DiscreteStateSpec>& discrete_states() const { return discrete_states_; }
  const std::vector<SignalSpec>& inputs() const { return inputs_; }
  const std::vector<SignalSpec>& outputs() const { return outputs_; }
  const std::vector<PortSpec>& ports() const { return ports_; }
  // Which inputs each output depends on within one evaluation (direct feedthrough). By default every
  // output depends on every input; set_direct_feedthrough(false) declares none; add_feedthrough()
  // switches to explicit per-output lists, which lets the builder sort at signal level (a gearbox
  // passing speed one way and torque the other is then no algebraic loop).
  bool direct_feedthrough() const { return direct_feedthrough_; }
  bool output_depends_on_input(int output, int input) const;
  double sample_period() const { return sample_period_; }  // 0: no discrete update
  double sample_offset() const { return sample_offset_; }
  int zero_crossing_count() const { return zero_crossing_count_; }
  int workspace_size() const { return workspace_size_; }

  int find_state(std::string_view name) const;   // -1 when absent
  int find_input(std::string_view name) const;
  int find_output(std::string_view name) const;
  int find_discrete_state(std::string_view name) const;
  const PortSpec* find_port(std::string_view name) const;

  // Overrides a state's initial value before building (used by scenarios).
  void set_initial_state(int index, double value);
  void set_initial_discrete_state(int index, double value);

 protected:
  int add_state(StateSpec spec);
  int add_discrete_state(DiscreteStateSpec spec);
  int add_input(SignalSpec spec);
  int add_output(SignalSpec spec);
  // Adds a port and its variables as inputs/outputs named "<port>.<variable>" ("<port>" for Signal).
  const PortSpec& add_port(std::string name, PortKind kind, PortRole role,
                           std::string signal_unit = "1");
  void set_direct_feedthrough(bool value) { direct_feedthrough_ = value; }
  void add_feedthrough(int output, int input);
  void set_sample_period(double period, double offset = 0.0);
  void set_zero_crossing_count(int count) { zero_crossing_count_ = count; }
  void set_workspace_size(int size) { workspace_size_ = size; }
  // For components that address inputs/outputs through compile-time constants (so compiled
  // kernels keep them in registers, docs/architecture.md): throws Error naming the component and
  // `what` unless the index a declaration returned is the constant's.
  void require_index(int declared, int expected, std::string_view what) const;

 private:
  std::string name_;
  std::vector<StateSpec> states_;
  std::vector<DiscreteStateSpec> discrete_states_;
  std::vector<SignalSpec> inputs_;
  std::vector<SignalSpec> outputs_;
  std::vector<PortSpec> ports_;
  bool direct_feedthrough_ = true;
  std::vector<std::pair<int, int>> feedthrough_;  // (output, input) pairs; empty: all or none
  double sample_period_ = 0.0;
  double sample_offset_ = 0.0;
  int zero_crossing_count_ = 0;
  int workspace_size_ = 0;
};

}  // namespace etsim
