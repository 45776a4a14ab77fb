// Two-point controller with hysteresis, switched by state events (zero crossings):
//   g_on  = T - T_on   rising  -> command = 1
//   g_off = T - T_off  falling -> command = 0        (T_off < T_on)
// The command is a discrete state, so it is piecewise constant and the solver restarts at each
// switch instead of stepping across a discontinuity.
#pragma once

#include <string>

#include "engine/framework/component.h"

namespace etsim::control {

class Thermostat final : public Component {
 public:
  Thermostat(std::string name, double on_temperature, double off_temperature);
  std::string_view type_name() const override { return "Thermostat"; }
  RhsStatus compute_outputs(const EvalContext& c) const override;
  bool has_partial_derivatives() const override { return true; }
  RhsStatus partial_derivatives(const EvalContext& c, const PartialDerivatives& p) const override;
  void zero_crossings(const EvalContext& c, double* g) const override;
  void on_zero_crossing(int index, int direction, const EvalContext& c, double* d) const override;
  void initialize(const EvalContext& c, double* x, double* d) const override;

 private:
  double on_temperature_;   // [K]
  double off_temperature_;  // [K]
};

// The equations, here rather than in the .cc file so that compiled kernels
// (engine/exec/compiled_kernel.h) can inline them.
inline RhsStatus Thermostat::compute_outputs(const EvalContext& c) const {
  c.y[0] = c.d[0];
  return RhsStatus::Ok;
}

inline void Thermostat::zero_crossings(const EvalContext& c, double* g) const {
  g[0] = c.u[0] - on_temperature_;
  g[1] = c.u[0] - off_temperature_;
}

}  // namespace etsim::control
