// make_integrator(): option validation and dispatch to the concrete integrators.
#include <cmath>
#include <string>

#include "engine/core/error.h"
#include "engine/solvers/integrator.h"
#include "engine/solvers/integrator_factories.h"

namespace etsim {
namespace {

void demand_positive(double value, const char* name, const char* expected) {
  if (!(value > 0.0) || !std::isfinite(value))
    throw InputError(std::string("solver option ") + name + " must be " + expected + ", got " +
                     std::to_string(value));
}

void validate(const SolverOptions& options) {
  if (is_fixed_step(options.method)) {
    demand_positive(options.fixed_step, "fixed_step", "a finite step size > 0 [s]");
    if (options.newton_iterations < 1)
      throw InputError("solver option newton_iterations must be >= 1, got " +
                       std::to_string(options.newton_iterations));
    demand_positive(options.newton_tolerance, "newton_tolerance", "> 0");
    if (options.jacobian_reuse_steps < 1)
      throw InputError("solver option jacobian_reuse_steps must be >= 1, got " +
                       std::to_string(options.jacobian_reuse_steps));
  } else {
    demand_positive(options.relative_tolerance, "relative_tolerance", "> 0");
    demand_positive(options.absolute_tolerance, "absolute_tolerance", "> 0");
    if (!(options.max_step >= 0.0) || !(options.initial_step >= 0.0))
      throw InputError("solver options max_step and initial_step must be >= 0 [s] (0 = solver's choice)");
    if (options.max_steps_per_call < 1)
      throw InputError("solver option max_steps_per_call must be >= 1, got " +
                       std::to_string(options.max_steps_per_call));
  }
}

}  // namespace

std::unique_ptr<Integrator> make_integrator(const SolverOptions& options) {
  validate(options);
  switch (options.method) {
    case SolverMethod::ExplicitEuler:
    case SolverMethod::Heun:
    case SolverMethod::BogackiShampine:
    case SolverMethod::RungeKutta4:
    case SolverMethod::AdamsBashforth2:
    case SolverMethod::Bdf2:
    case SolverMethod::Sdirk2:
      return solvers_detail::make_fixed_step_integrator(options);
    case SolverMethod::CvodeBdf:
    case SolverMethod::CvodeAdams:
      return solvers_detail::make_cvode_integrator(options);
    case SolverMethod::ArkodeErk:
    case SolverMethod::ArkodeImex:
      return solvers_detail::make_arkode_integrator(options);
  }
  throw InputError("make_integrator: unknown solver method value " +
                   std::to_string(static_cast<int>(options.method)));
}

}  // namespace etsim
