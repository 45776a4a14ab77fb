// What every solver sees: a first-order ODE x' = f(t, x) of fixed size, optionally with a Jacobian
// (dense or with a fixed sparsity pattern), zero-crossing functions for state events, and per-state
// tolerances. Solvers never see components, ports or units (after SUNDIALS' N_Vector ops split).
#pragma once

#include <span>
#include <vector>

namespace etsim {

// Return code of right-hand-side evaluations, as in SUNDIALS' CVRhsFn:
// Ok; Recoverable (e.g. a property call out of range at a trial state: retry with a smaller step);
// Fatal (stop the run).
enum class RhsStatus : int { Ok = 0, Recoverable = 1, Fatal = -1 };

// Compressed-sparse-column pattern of an n×n matrix.
struct SparsityPattern {
  int size = 0;
  std::vector<int> column_start;  // size + 1 entries
  std::vector<int> row_index;     // column_start[size] entries, sorted within each column
  int nonzeros() const { return column_start.empty() ? 0 : column_start.back(); }
  static SparsityPattern dense(int n);
  // Lower and upper half-bandwidths of the pattern.
  int lower_bandwidth() const;
  int upper_bandwidth() const;
};

// Explicit methods a system may offer a fused step for (OdeSystem::fused_step, and
// OdeSystem::fused_adams_bashforth2_steps for the two-step Adams-Bashforth method).
enum class FusedStepMethod { RungeKutta4, Heun, AdamsBashforth2 };

class OdeSystem {
 public:
  virtual ~OdeSystem() = default;

  virtual int state_size() const = 0;

  // xdot = f(t, x). Must not allocate or lock. May be called at trial states that are never accepted.
  virtual RhsStatus derivatives(double t, const double* x, double* xdot) = 0;

  // Jacobian df/dx. pattern() == nullptr means dense; values are then column-major n×n. Otherwise
  // values are in pattern order (CSC). The default implementation returns false (no Jacobian;
  // solvers then use their own difference quotients).
  virtual const SparsityPattern* jacobian_pattern() const { return nullptr; }
  virtual bool has_jacobian() const { return false; }
  virtual RhsStatus jacobian(double t, const double* x, const double* xdot, double* values) {
    return RhsStatus::Fatal;
  }

  // State events: g_i(t, x) whose sign changes are located by the solver.
  virtual int zero_crossing_count() const { return 0; }
  virtual RhsStatus zero_crossings(double t, const double* x, double* g) { return RhsStatus::Ok; }

  // Optional fused step of an explicit Runge-Kutta method (e.g. generated code that inlines the
  // right-hand side into the stages): advances x in place by h from t with exactly the arithmetic
  // of the generic integrator of that method (RK4: stage_i = x + c_i h k_{i-1},
  // x += h/6 (k1 + 2 (k2 + k3) + k4); Heun: x += h/2 (k1 + k2) with k2 at x + h k1); with
  // g != nullptr it also evaluates the zero-crossing functions at (t + h, new x) into g. Used by
  // the fixed-step integrator of that method when offered.
  virtual bool has_fused_step(FusedStepMethod method) const { return false; }
  virtual RhsStatus fused_step(FusedStepMethod method, double t, double h, double* x, double* g) {
    return RhsStatus::Fatal;
  }
  // `count` fused steps of the two-step Adams-Bashforth method (has_fused_step(AdamsBashforth2)),
  // each with the generic integrator's arithmetic: f = f(t, x); with previous_step = h_{n-1} > 0,
  // x += h (1 + r) f - h r f_previous with r = h / (2 h_{n-1}); with previous_step = 0 (no
  // history) a Heun step from f; then t += h. previous_derivative holds f_{n-1} on entry and the
  // last f on return. Stops early after a step that left a non-finite state (the caller reports
  // it) or at a failed evaluation (its status returned, x as before that step); steps_taken
  // counts the completed steps. With g != nullptr it also evaluates the zero-crossing functions
  // at the end (several steps at once only for systems without zero crossings: a crossing must be
  // detected in the step where it happens).
  virtual RhsStatus fused_adams_bashforth2_steps(double t, double h, int count, double previous_step,
                                                 double* x, double* previous_derivative, double* g,
                                                 int& steps_taken) {
    steps_taken = 0;
    return RhsStatus::Fatal;
  }

  // Per-state absolute tolerance (nullptr: solver default from its options).
  virtual const double* absolute_tolerances() const { return nullptr; }

  // For additive (IMEX) splitting: true where the state's derivative belongs to the explicit
  // (non-stiff) part. nullptr: everything is implicit.
  virtual const bool* explicit_states() const { return nullptr; }
};

}  // namespace etsim
