// Assembly: ModelBuilder connects components' ports and signals, checks kinds, roles and units,
// sorts the evaluation order at signal level, finds algebraic loops, and flattens everything into a
// Model: an immutable description with one contiguous layout for states, inputs, outputs, discrete
// states, zero crossings and scratch. RunData is the matching mutable working set, allocated once;
// stepping a Model with a RunData allocates nothing (see model_evaluator.h).
#pragma once

#include <memory>
#include <span>
#include <string>
#include <vector>

#include "engine/core/error.h"
#include "engine/framework/component.h"
#include "engine/solvers/ode_system.h"

namespace etsim {

// Where one component's slice of each flat vector starts.
struct ComponentLayout {
  int state_offset = 0, state_count = 0;
  int input_offset = 0, input_count = 0;
  int output_offset = 0, output_count = 0;
  int discrete_offset = 0, discrete_count = 0;
  int zero_crossing_offset = 0, zero_crossing_count = 0;
  int work_offset = 0, work_count = 0;
};

// An input fed from outside this model (co-simulation coupling, HIL I/O, FMI): its value is
// value + slope * (t - time) (hold: slope 0; linear extrapolation otherwise).
struct ExternalInput {
  std::string name;          // "component.input" of the receiving side here
  std::string source;        // "component.output" that feeds it in the full network ("" if none)
  std::string unit;
  int input = -1;            // global input index it adds to
};

// An algebraic loop the builder was allowed to solve: calls [sequence_begin, sequence_end) of the
// output sequence depend on each other through the torn outputs, whose values are iterated on
// until each equals what its owner computes from them (Newton's method, ModelSystem).
struct AlgebraicLoop {
  int sequence_begin = 0, sequence_end = 0;
  std::vector<int> tear_outputs;  // global output indices
};

struct SampleGroup {
  double period = 0.0;
  double offset = 0.0;
  std::vector<int> components;
};

class Model {
 public:
  int component_count() const { return static_cast<int>(components_.size()); }
  const Component& component(int index) const { return *components_[index]; }
  const ComponentLayout& layout(int index) const { return layouts_[index]; }
  int find_component(std::string_view name) const;  // -1 when absent

  int state_size() const { return state_size_; }
  int input_size() const { return input_size_; }
  int output_size() const { return output_size_; }
  int discrete_size() const { return discrete_size_; }
  int zero_crossing_size() const { return zero_crossing_size_; }
  int work_size() const { return work_size_; }

  // Order of compute_outputs() calls (a component may appear more than once). The outputs that
  // call k is there for: sequence_outputs()[sequence_output_start()[k] .. [k+1]).
  std::span<const int> output_sequence() const { return output_sequence_; }
  std::span<const int> sequence_output_start() const { return sequence_output_start_; }
  std::span<const int> sequence_outputs() const { return sequence_outputs_; }
  // Input gathering: terms of input i are input_terms[input_term_start[i] .. input_term_start[i+1]);
  // a term t >= 0 is a global output index, t < 0 is external input slot (-t - 1).
  std::span<const int> input_term_start() const { return input_term_start_; }
  std::span<const int> input_terms() const { return input_terms_; }
  const std::vector<ExternalInput>& external_inputs() const { return external_inputs_; }
  const std::vector<SampleGroup>& sample_groups() const { return sample_groups_; }
  // Empty unless the builder was allowed to solve algebraic loops and found some.
  const std::vector<AlgebraicLoop>& algebraic_loops() const { return algebraic_loops_; }

  // Per-state data for solvers.
  std::span<const double> initial_state() const { return initial_state_; }
  std::span<const double> state_nominal() const { return state_nominal_; }
  std::span<const double> state_absolute_tolerance() const { return state_abstol_; }
  const bool* explicit_states() const { return explicit_states_.get(); }
  std::span<const double> initial_discrete() const { return initial_discrete_; }
  // Structural pattern of d(xdot)/dx (rows: derivatives, columns: states).
  const SparsityPattern& jacobian_pattern() const { return jacobian_pattern_; }

  // Names: "component/state", "component/output", "component/input".
  std::string state_name(int global_state) const;
  std::string output_name(int global_output) const;
  std::string input_name(int global_input) const;
  int state_owner(int global_state) const { return state_owner_[global_state]; }  // component
  int output_owner(int global_output) const { return output_owner_[global_output]; }
  int input_owner(int global_input) const { return input_owner_[global_input]; }
  int find_output(std::string_view component_slash_output) const;  // -1 when absent
  int find_state(std::string_view component_slash_state) const;

 private:
  friend class ModelBuilder;
  std::vector<std::shared_ptr<const Component>> components_;
  std::vector<ComponentLayout> layouts_;
  int state_size_ = 0, input_size_ = 0, output_size_ = 0, discrete_size_ = 0;
  int zero_crossing_size_ = 0, work_size_ = 0;
  std::vector<int> output_sequence_;
  std::vector<int> state_owner_, output_owner_, input_owner_;  // component of each entry
  std::vector<int> sequence_output_start_;
  std::vector<int> sequence_outputs_;
  std::vector<int> input_term_start_;
  std::vector<int> input_terms_;
  std::vector<ExternalInput> external_inputs_;
  std::vector<SampleGroup> sample_groups_;
  std::vector<AlgebraicLoop> algebraic_loops_;
  std::vector<double> initial_state_, state_nominal_, state_abstol_, initial_discrete_;
  std::shared_ptr<bool[]> explicit_states_;
  SparsityPattern jacobian_pattern_;
};

// All numbers that change during a run. Sized once by make_run_data(); never resized while stepping.
struct RunData {
  double time = 0.0;
  std::vector<double> x;          // continuous states
  std::vector<double> xdot;       // derivative scratch
  std::vector<double> u;          // inputs
  std::vector<double> y;          // outputs
  std::vector<double> d;          // discrete states
  std::vector<double> d_next;     // discrete update scratch
  std::vector<double> g;          // zero-crossing values
  std::vector<double> work;       // component scratch
  std::vector<double> external_value, external_slope, external_time;  // per external input slot
};

RunData make_run_data(const Model& model);

class ModelBuilder {
 public:
  // Adds a component; names must be unique.
  void add(std::shared_ptr<const Component> component);
  template <typename Derived>
  void add(std::unique_ptr<Derived> component) {
    add(std::shared_ptr<const Component>(std::move(component)));
  }

  // Connects two ends, each "component.port" or "component.signal" (an input or output). Port to
  // port needs the same kind and opposite roles; signal output to input needs the same dimension.
  // The order of the two ends does not matter. `where` is added to error messages.
  void connect(const std::string& end_a, const std::string& end_b, SourceLocation where = {});

  // Lets "component.port" or "component.input" stay unconnected (its inputs are then zero).
  void allow_unconnected(const std::string& end);

  // false (default): an algebraic loop is an error naming its signals. true: loops are torn and
  // solved by Newton's method at every evaluation (Model::algebraic_loops()).
  void solve_algebraic_loops(bool solve) { solve_algebraic_loops_ = solve; }

  // Builds the whole network. Throws InputError for unknown ends, mismatched kinds/roles/units,
  // dangling ports or inputs, and algebraic loops (naming the signals in the loop) unless they
  // may be solved.
  Model build() const;

  // Builds the part of the network made of the named components; connections from outside the
  // subset become external inputs (for co-simulation).
  Model build_subset(const std::vector<std::string>& component_names) const;

  std::vector<std::string> component_names() const;

 private:
  struct Connection {
    int from_component, from_output, to_component, to_input;
    std::string description;  // "a.port.var -> b.port.var"
  };
  struct End {
    int component = -1;
    const PortSpec* port = nullptr;
    int input = -1, output = -1;
  };
  End resolve(const std::string& text, const SourceLocation& where) const;
  Model build_from(const std::vector<int>& members) const;

  std::vector<std::shared_ptr<const Component>> components_;
  std::vector<Connection> connections_;
  std::vector<std::pair<int, int>> allowed_unconnected_inputs_;  // (component, input)
  std::vector<std::pair<int, std::string>> connected_ports_;      // (component, port name)
  std::vector<std::pair<int, std::string>> allowed_unconnected_ports_;
  bool solve_algebraic_loops_ = false;
};

}  // namespace etsim
