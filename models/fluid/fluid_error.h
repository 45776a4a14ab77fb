#pragma once
// Exception type of the self-contained fluid-property library (no dependency on engine/).

#include <stdexcept>
#include <string>

namespace etsim::fluid {

// Thrown for every failure of the fluid library: unknown fluid, state outside the validity range of
// an equation of state, failed convergence of a flash, property not implemented for a fluid. The
// message names the fluid, the inputs and the reason.
class FluidError : public std::runtime_error {
 public:
  explicit FluidError(const std::string& message) : std::runtime_error(message) {}
};

}  // namespace etsim::fluid
