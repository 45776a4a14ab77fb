// Internal to etsim_solvers: constructors of the concrete integrators behind make_integrator().
#pragma once

#include <memory>

#include "engine/solvers/integrator.h"

namespace etsim::solvers_detail {

std::unique_ptr<Integrator> make_fixed_step_integrator(const SolverOptions& options);
std::unique_ptr<Integrator> make_cvode_integrator(const SolverOptions& options);
std::unique_ptr<Integrator> make_arkode_integrator(const SolverOptions& options);

}  // namespace etsim::solvers_detail
