// A pumped coolant loop lumped into one element that rejects heat from a coolant node to ambient air:
//   Q_into_coolant = -(pump * epsilon * m_dot * c_p + UA_natural) * (T_coolant - T_ambient)
// where pump in [0, 1] is the pump command, m_dot = rho * V_dot the pumped mass flow, epsilon the
// radiator effectiveness (heat exchanger with the air side as the larger capacity stream: epsilon
// relates the coolant-side temperature drop to the inlet temperature difference) and UA_natural the
// conductance with the pump off (natural convection of the loop). Parameter values of the default
// scenario and their sources: docs/models/thermal-networks.md.
#pragma once

#include <algorithm>
#include <string>

#include "engine/framework/component.h"

namespace etsim::thermal {

struct CoolantRadiatorParameters {
  double ambient_temperature = 298.15;     // [K]
  double volume_flow = 10.0 / 60000.0;     // [m^3/s] with the pump on (10 L/min)
  double density = 1069.0;                 // [kg/m^3] EG/water 50/50 at 40 degC
  double specific_heat = 3300.0;           // [J/(kg K)] EG/water 50/50 at 40 degC
  double effectiveness = 0.6;              // [1]
  double natural_conductance = 2.0;        // [W/K]
};

class CoolantRadiator final : public Component {
 public:
  CoolantRadiator(std::string name, const CoolantRadiatorParameters& parameters);
  std::string_view type_name() const override { return "CoolantRadiator"; }
  RhsStatus compute_outputs(const EvalContext& c) const override;
  bool has_partial_derivatives() const override { return true; }
  RhsStatus partial_derivatives(const EvalContext& c, const PartialDerivatives& p) const override;

 private:
  CoolantRadiatorParameters p_;
};

// The equations, here rather than in the .cc file so that compiled kernels
// (engine/exec/compiled_kernel.h) can inline them.
inline RhsStatus CoolantRadiator::compute_outputs(const EvalContext& c) const {
  const double pump = std::clamp(c.u[1], 0.0, 1.0);
  const double mass_flow = pump * p_.volume_flow * p_.density;
  const double conductance = p_.effectiveness * mass_flow * p_.specific_heat + p_.natural_conductance;
  const double rejected = conductance * (c.u[0] - p_.ambient_temperature);
  c.y[0] = -rejected;
  c.y[1] = rejected;
  c.y[2] = mass_flow;
  return RhsStatus::Ok;
}

}  // namespace etsim::thermal
