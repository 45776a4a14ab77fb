// A compiled kernel is the evaluation of one model structure written out as straight-line C++ by
// the kernel generator (kernel_generator.h, tool `etsim-codegen`): the same component calls in the
// same order as ModelSystem's interpreted loops, but with every index a constant, every input
// copy a single assignment and every component call a direct (non-virtual, inlinable) call on its
// concrete class. Parameters are not baked in: the kernel reads them from the model's component
// objects, so one kernel serves every parameter set of a structure (sweeps, --set overrides).
//
// A kernel carries the structural signature of the model it was generated from; ModelSystem uses
// it only for a model with the same signature (same component classes, layouts, connections and
// evaluation plan) and falls back to the interpreted loops otherwise. Results are identical to the
// interpreted path up to floating-point reassociation the compiler may not do (none: no -ffast-math).
#pragma once

#include <cstdint>
#include <span>

#include "engine/framework/component.h"
#include "engine/solvers/ode_system.h"

namespace etsim {

// The run data a kernel works on (ModelSystem fills it once; every pointer stays valid for the
// life of the ModelSystem).
struct KernelData {
  const Component* const* components = nullptr;  // model.component(k) for every k
  double* u = nullptr;
  double* y = nullptr;
  const double* d = nullptr;
  double* work = nullptr;
  const double* external_value = nullptr;
  const double* external_slope = nullptr;
  const double* external_time = nullptr;
};

struct CompiledKernel {
  const char* name = "";          // e.g. the scenario (and subsystem) it was generated from
  std::uint64_t signature = 0;    // ModelSystem::structure_signature() of that model
  // The same contracts as ModelSystem::derivatives / evaluate_outputs / zero_crossings. On a
  // non-Ok status, failed_component is the index of the component that returned it.
  RhsStatus (*derivatives)(const KernelData&, double t, const double* x, double* xdot,
                           int& failed_component) = nullptr;
  RhsStatus (*outputs)(const KernelData&, double t, const double* x, int& failed_component) = nullptr;
  RhsStatus (*zero_crossings)(const KernelData&, double t, const double* x, double* g,
                              int& failed_component) = nullptr;
  // One classical RK4 step with the derivatives inlined, and with g != nullptr the zero-crossing
  // functions at its end (OdeSystem::fused_step); nullptr when the model is too large for it.
  RhsStatus (*rk4_step)(const KernelData&, double t, double h, double* x, double* g,
                        int& failed_component) = nullptr;
  // The same for Heun's method (explicit trapezoid); generated for small models only.
  RhsStatus (*heun_step)(const KernelData&, double t, double h, double* x, double* g,
                         int& failed_component) = nullptr;
  // `count` steps of the two-step Adams-Bashforth method in one call
  // (OdeSystem::fused_adams_bashforth2_steps); generated for small models only.
  RhsStatus (*adams_bashforth2_steps)(const KernelData&, double t, double h, int count,
                                      double previous_step, double* x, double* previous_derivative,
                                      double* g, int& steps_taken, int& failed_component) = nullptr;
  // Per sample group of the model (Model::sample_groups()), the outputs a hit of that group needs
  // (ModelSystem::evaluate_outputs_for_sample_group), into the run data like `outputs`.
  using OutputsFunction = RhsStatus (*)(const KernelData&, double t, const double* x,
                                        int& failed_component);
  const OutputsFunction* sample_group_outputs = nullptr;
  int sample_group_count = 0;
};

// A set of kernels to choose from (e.g. those compiled for the repository's scenarios).
using CompiledKernelList = std::span<const CompiledKernel* const>;

}  // namespace etsim
