// One interface for every time integrator: fixed-step explicit (Euler, RK4), fixed-step implicit
// (BDF2, SDIRK), SUNDIALS CVODE (BDF/Adams) and ARKODE (ERK, ARK-IMEX).
#pragma once

#include <memory>
#include <span>
#include <string>
#include <vector>

#include "engine/solvers/ode_system.h"

namespace etsim {

struct SolverStats {
  long steps = 0;
  long rejected_steps = 0;       // error-test failures (variable step)
  long rhs_evaluations = 0;
  long jacobian_evaluations = 0;
  long newton_iterations = 0;
  long newton_failures = 0;      // nonlinear convergence failures
  long root_evaluations = 0;
  long factorizations = 0;
  double last_step_size = 0.0;
};

enum class SolverMethod {
  ExplicitEuler,
  Heun,             // explicit trapezoid, 2 stages, order 2 (Simulink ode2)
  BogackiShampine,  // 3 stages, order 3 (Simulink ode3)
  RungeKutta4,
  AdamsBashforth2,  // explicit two-step, order 2, one evaluation per step (restarts at jumps)
  Bdf2,          // fixed-step implicit, L-stable (A-stable, stiffly accurate)
  Sdirk2,        // fixed-step implicit, L-stable 2-stage SDIRK (Alexander)
  CvodeBdf,
  CvodeAdams,
  ArkodeErk,
  ArkodeImex,
};

enum class LinearSolverKind { Dense, Band, SparseKlu };

struct SolverOptions {
  SolverMethod method = SolverMethod::CvodeBdf;
  double fixed_step = 1e-3;          // [s] fixed-step methods
  double relative_tolerance = 1e-6;  // variable-step methods
  double absolute_tolerance = 1e-8;  // used where the system gives none
  double max_step = 0.0;             // [s] 0 = unlimited
  double initial_step = 0.0;         // [s] 0 = solver's choice
  long max_steps_per_call = 100000;
  LinearSolverKind linear_solver = LinearSolverKind::Dense;
  // Where implicit methods get the Jacobian: Solver = difference quotients of the whole right-hand
  // side (the solver's own for dense and band; coloured ones on the model's pattern for sparse
  // KLU); Model = assembled from the components' blocks, analytic where they give them, differences
  // of single components otherwise (falls back to coloured differences when no component gives
  // one or the model has algebraic loops).
  enum class JacobianSource { Solver, Model };
  JacobianSource jacobian = JacobianSource::Solver;
  // Implicit fixed-step: Newton iterations per step. When fixed_newton_iterations is true exactly this
  // many iterations run every step (deterministic cost for real time); otherwise it is the maximum
  // and iteration stops at newton_tolerance.
  int newton_iterations = 4;
  bool fixed_newton_iterations = false;
  double newton_tolerance = 1e-10;
  // Re-factorise the Newton matrix every this many steps (1 = every step).
  int jacobian_reuse_steps = 20;
  // At discrete sample hits and time events the simulator always stops the solver exactly there.
  // false: it then continues with the solver's history (the error control absorbs the kink or jump
  // in the inputs); the solver restarts only when a zero crossing fires. true: it restarts at every
  // such point (order 1, new Jacobian), which is more conservative and much slower with fast
  // controllers.
  bool restart_at_discontinuities = false;
};

std::string to_string(SolverMethod method);
SolverMethod solver_method_from_string(const std::string& name);  // throws InputError listing valid names
bool is_fixed_step(SolverMethod method);
// Whether the method carries past derivatives from step to step (explicit multistep), which a jump
// of the right-hand side (discrete update, time event, new co-simulation inputs) makes wrong: the
// simulator then restarts it at every such point, whatever restart_at_discontinuities says.
bool restarts_at_discontinuities(SolverMethod method);

struct AdvanceResult {
  enum class Status { ReachedStop, RootFound };
  Status status = Status::ReachedStop;
  double time = 0.0;
  // Valid when status == RootFound: for each zero crossing, +1 rising, -1 falling, 0 none.
  std::span<const int> root_directions;
};

class Integrator {
 public:
  virtual ~Integrator() = default;

  // Sets up for the given system (may allocate). The system must outlive the integrator.
  virtual void initialize(OdeSystem& system, double t0, std::span<const double> x0) = 0;

  // Restarts from (t, x) after a discontinuity (discrete update, event). Fixed-step methods do not
  // allocate here.
  virtual void reset(double t, std::span<const double> x) = 0;

  // Integrates towards t_stop and returns there, or earlier at a located state event. Throws
  // SolverFailure on failure (time, index of the state with the largest weighted error if known).
  // Fixed-step methods take whole steps; they detect a zero crossing at the end of the step in which
  // it happens (resolution one step) and allocate nothing.
  virtual AdvanceResult advance(double t_stop) = 0;

  // One step ending exactly at t_next (fixed-step methods: a single step of t_next - time(), with
  // their zero-crossing check; others: advance(t_next)).
  virtual AdvanceResult step_to(double t_next) { return advance(t_next); }

  virtual double time() const = 0;
  virtual std::span<const double> state() const = 0;
  // The zero-crossing values at (time(), state()) if the method evaluated them there (fixed-step
  // methods do after every step), so a caller need not evaluate them again; empty otherwise.
  virtual std::span<const double> zero_crossings_at_current_state() const { return {}; }
  virtual const SolverStats& stats() const = 0;
  virtual const SolverOptions& options() const = 0;
};

// Creates an integrator for options.method.
std::unique_ptr<Integrator> make_integrator(const SolverOptions& options);

}  // namespace etsim
