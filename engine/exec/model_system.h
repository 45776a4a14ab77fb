// ModelSystem adapts a built Model and its RunData to the OdeSystem that solvers see: it gathers
// inputs, calls components in the sorted order, and offers a coloured finite-difference Jacobian
// on the model's sparsity pattern. Nothing here allocates after construction.
// The evaluation plan (call sequences, input copies and sums) is computed once here; it is
// interpreted by the loops below, or, when a compiled kernel generated from the same structure is
// given (compiled_kernel.h), run as straight-line code.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "engine/exec/compiled_kernel.h"
#include "engine/framework/model.h"
#include "engine/solvers/ode_system.h"

namespace etsim {

class ModelSystem final : public OdeSystem {
 public:
  // default_absolute_tolerance scales each state's nominal value where the state declares no
  // absolute tolerance. provide_jacobian: offer the model's Jacobian (needed for sparse linear
  // solvers; dense solvers may use their own difference quotients instead): coloured finite
  // differences of the whole right-hand side, or with assemble_jacobian, assembled from the
  // components' blocks when some component gives analytic ones (model_system_jacobian.cc).
  ModelSystem(const Model& model, RunData& data, double default_absolute_tolerance = 1e-8,
              bool provide_jacobian = false, bool assemble_jacobian = false);
  ~ModelSystem() override;

  const Model& model() const { return model_; }
  RunData& data() { return data_; }

  int state_size() const override { return model_.state_size(); }
  RhsStatus derivatives(double t, const double* x, double* xdot) override;
  const SparsityPattern* jacobian_pattern() const override;
  bool has_jacobian() const override { return provide_jacobian_; }
  RhsStatus jacobian(double t, const double* x, const double* xdot, double* values) override;
  int zero_crossing_count() const override { return model_.zero_crossing_size(); }
  RhsStatus zero_crossings(double t, const double* x, double* g) override;
  const double* absolute_tolerances() const override { return absolute_tolerance_.data(); }
  const bool* explicit_states() const override { return model_.explicit_states(); }
  bool has_fused_step(FusedStepMethod method) const override {
    if (kernel_ == nullptr) return false;
    switch (method) {
      case FusedStepMethod::RungeKutta4:
        return kernel_->rk4_step != nullptr;
      case FusedStepMethod::Heun:
        return kernel_->heun_step != nullptr;
      case FusedStepMethod::AdamsBashforth2:
        return kernel_->adams_bashforth2_steps != nullptr;
    }
    return false;
  }
  RhsStatus fused_step(FusedStepMethod method, double t, double h, double* x, double* g) override {
    failed_component_ = -1;
    // The multistep method has its own entry (fused_adams_bashforth2_steps).
    if (method == FusedStepMethod::AdamsBashforth2) return RhsStatus::Fatal;
    const auto step = method == FusedStepMethod::RungeKutta4 ? kernel_->rk4_step : kernel_->heun_step;
    return step(kernel_data_, t, h, x, g, failed_component_);
  }
  RhsStatus fused_adams_bashforth2_steps(double t, double h, int count, double previous_step,
                                         double* x, double* previous_derivative, double* g,
                                         int& steps_taken) override {
    failed_component_ = -1;
    return kernel_->adams_bashforth2_steps(kernel_data_, t, h, count, previous_step, x,
                                           previous_derivative, g, steps_taken, failed_component_);
  }

  // Outputs of every component at (t, x) with the current discrete states (for recording and
  // before discrete updates).
  RhsStatus evaluate_outputs(double t, const double* x);
  // Before a hit of sample group `group` (Model::sample_groups()): the outputs of its components
  // and of everything their inputs depend on, no others (all of them with algebraic loops).
  RhsStatus evaluate_outputs_for_sample_group(int group, double t, const double* x);
  // Derivative pass only (outputs must be current).
  RhsStatus evaluate_derivatives(double t, const double* x, double* xdot);

  // Index of the component whose equations last returned a non-Ok status, or -1.
  int failed_component() const { return failed_component_; }
  // Index of the algebraic loop (Model::algebraic_loops()) whose Newton iteration last failed to
  // converge, or -1.
  int failed_algebraic_loop() const { return failed_loop_; }
  int colour_count() const { return colour_count_; }
  // true when jacobian() assembles the model's Jacobian from per-component blocks (some component
  // gives analytic partial derivatives and the model has no algebraic loop); otherwise it uses
  // coloured differences of the whole right-hand side.
  bool assembles_jacobian() const { return assembly_ != nullptr; }

  // Hash of everything the evaluation plan depends on: component classes, layouts, connections,
  // sequences. Two models with equal signatures run the same straight-line code.
  std::uint64_t structure_signature() const { return signature_; }
  // Uses the first kernel of the list whose signature matches (nullptr clears). Returns the kernel
  // chosen, or nullptr when none matches (the interpreted loops are used then).
  const CompiledKernel* use_compiled_kernel(CompiledKernelList kernels);
  const CompiledKernel* compiled_kernel() const { return kernel_; }

  EvalContext context(int component, double t, const double* x) { return prepare(component, t, x); }
  // Fills the component's inputs from the outputs they are connected to.
  void gather_inputs(int component, double t) { gather(plan_all_[component], t); }

 private:
  friend class KernelGenerator;
  // Algebraic loops: every evaluation runs the model's whole output sequence, solving each loop's
  // torn outputs by Newton's method on the way (see model_system.cc).
  struct LoopWork;
  std::unique_ptr<LoopWork> loops_;
  int failed_loop_ = -1;
  RhsStatus evaluate_sequence_with_loops(double t, const double* x);
  RhsStatus solve_loop(int loop, double t, const double* x);
  RhsStatus evaluate_loop_calls(int loop, double t, const double* x);
  // Gathers the inputs of and calls compute_outputs() on each component of calls, in order.
  RhsStatus call_outputs(std::span<const int> calls, double t, const double* x);
  // Jacobian assembly (model_system_jacobian.cc).
  struct Assembly;
  std::unique_ptr<Assembly> assembly_;
  bool assemble_requested_ = false;
  void prepare_assembly();
  RhsStatus local_partials(int component, double t, const double* x);
  RhsStatus assemble_jacobian(double t, const double* x, double* values);
  std::uint64_t compute_signature() const;
  const CompiledKernel* kernel_ = nullptr;
  KernelData kernel_data_;
  std::vector<const Component*> component_pointers_;
  std::uint64_t signature_ = 0;
  const Model& model_;
  RunData& data_;
  bool provide_jacobian_;
  int failed_component_ = -1;
  std::vector<double> absolute_tolerance_;
  // The part of the output sequence that the zero-crossing functions depend on.
  std::vector<int> zero_crossing_sequence_;
  // The part of the output sequence that derivatives need (outputs feeding the inputs of
  // components with states, transitively), and the components with states. Outputs only
  // recorded are computed by evaluate_outputs(), not on every right-hand side.
  std::vector<int> derivative_output_sequence_;
  std::vector<int> stateful_components_;
  // Per sample group: the output calls a hit needs (evaluate_outputs_for_sample_group).
  std::vector<std::vector<int>> sample_group_output_sequences_;
  // Input gathering plan: per component, the inputs fed by exactly one internal output (a plain
  // copy) and the others (sums of several flows, external inputs). plan_all_[c] fills every input
  // of component c; plan_late_[k] of stateful component k refills only the inputs whose sources
  // are evaluated after c's last output call in a derivative evaluation.
  struct GatherPlan {
    int copy_begin = 0, copy_end = 0;  // into copies_
    int sum_begin = 0, sum_end = 0;    // into sums_
  };
  struct Copy {
    int input;
    int source;
  };
  void gather(const GatherPlan& plan, double t) {
    double* u = data_.u.data();
    const double* y = data_.y.data();
    for (int k = plan.copy_begin; k < plan.copy_end; ++k) u[copies_[k].input] = y[copies_[k].source];
    if (plan.sum_begin != plan.sum_end) gather_sums(plan, t);
  }
  void gather_sums(const GatherPlan& plan, double t);
  // The component's context with the current time and state, updated in place (no copy).
  const EvalContext& prepare(int component, double t, const double* x) {
    EvalContext& c = contexts_[component];
    c.time = t;
    c.x = x + state_offset_[component];
    return c;
  }
  std::vector<Copy> copies_;
  std::vector<int> sums_;
  std::vector<GatherPlan> plan_all_;
  std::vector<GatherPlan> plan_late_;
  std::vector<int> state_offset_;
  // Per component, its EvalContext with every pointer but x fixed at construction.
  std::vector<EvalContext> contexts_;
  // Jacobian colouring: columns of one colour share no row.
  int colour_count_ = 0;
  std::vector<int> colour_of_column_;
  std::vector<double> perturbed_x_, perturbed_xdot_;
};

}  // namespace etsim
