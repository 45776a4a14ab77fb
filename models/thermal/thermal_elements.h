// Lumped thermal elements. Ports follow engine/framework/port.h: a Node port (role A) gives its
// temperature and receives the sum of heat flows into it; a Flow port (role B) receives a node
// temperature and gives the heat flow INTO that node.
//
//   ThermalMass          C dT/dt = sum Q_in                                  (state T)
//   ThermalConductance   Q_a = G (T_b - T_a),  Q_b = G (T_a - T_b)           (no state)
//   FixedTemperature     T = T_fixed (ideal reservoir, absorbs any heat)     (no state)
//   CauerThermalNetwork  a ladder C_k dT_k/dt = Q_{k-1,k} - Q_{k,k+1} from a Foster network
//                        (datasheet Zth(j-c)) converted exactly (foster_cauer.h); junction port
//                        is a Node, the case side a Flow into the case/cold-plate node. The ladder
//                        is one device; with n identical devices sharing the network (e.g. the
//                        upper and lower switch of a phase leg at equal average loss), the heat
//                        into the case is n times the one device's.
// Equations, assumptions and parameter sources: docs/models/thermal-networks.md.
#pragma once

#include <string>
#include <vector>

#include "engine/framework/component.h"
#include "models/thermal/foster_cauer.h"

namespace etsim::thermal {

class ThermalMass final : public Component {
 public:
  ThermalMass(std::string name, double heat_capacity, double initial_temperature);
  std::string_view type_name() const override { return "ThermalMass"; }
  RhsStatus compute_outputs(const EvalContext& c) const override;
  RhsStatus compute_derivatives(const EvalContext& c, double* xdot) const override;
  bool has_partial_derivatives() const override { return true; }
  RhsStatus partial_derivatives(const EvalContext& c, const PartialDerivatives& p) const override;

 private:
  double heat_capacity_;  // [J/K]
};

class ThermalConductance final : public Component {
 public:
  ThermalConductance(std::string name, double conductance);
  std::string_view type_name() const override { return "ThermalConductance"; }
  RhsStatus compute_outputs(const EvalContext& c) const override;
  bool has_partial_derivatives() const override { return true; }
  RhsStatus partial_derivatives(const EvalContext& c, const PartialDerivatives& p) const override;

 private:
  double conductance_;  // [W/K]
};

class FixedTemperature final : public Component {
 public:
  FixedTemperature(std::string name, double temperature);
  std::string_view type_name() const override { return "FixedTemperature"; }
  RhsStatus compute_outputs(const EvalContext& c) const override;
  bool has_partial_derivatives() const override { return true; }
  RhsStatus partial_derivatives(const EvalContext& c, const PartialDerivatives& p) const override;

 private:
  double temperature_;  // [K]
};

class CauerThermalNetwork final : public Component {
 public:
  CauerThermalNetwork(std::string name, const CauerNetwork& network, double initial_temperature,
                      double identical_devices = 1.0);
  std::string_view type_name() const override { return "CauerThermalNetwork"; }
  RhsStatus compute_outputs(const EvalContext& c) const override;
  RhsStatus compute_derivatives(const EvalContext& c, double* xdot) const override;
  bool has_partial_derivatives() const override { return true; }
  RhsStatus partial_derivatives(const EvalContext& c, const PartialDerivatives& p) const override;
  const CauerNetwork& network() const { return network_; }

 private:
  CauerNetwork network_;
  template <std::size_t Stages>
  void ladder_derivatives(std::size_t stages, const EvalContext& c, double* xdot) const;
  std::vector<double> conductance_;        // [W/K] 1/R_k
  std::vector<double> inverse_capacity_;   // [K/J] 1/C_k
  double identical_devices_;               // [1] devices this ladder stands for
};

// The equations, here rather than in the .cc file so that compiled kernels
// (engine/exec/compiled_kernel.h) can inline them.
inline RhsStatus ThermalMass::compute_outputs(const EvalContext& c) const {
  c.y[0] = c.x[0];  // node.temperature
  return RhsStatus::Ok;
}

inline RhsStatus ThermalMass::compute_derivatives(const EvalContext& c, double* xdot) const {
  xdot[0] = c.u[0] / heat_capacity_;  // node.heat_flow (sum of all flows in)
  return RhsStatus::Ok;
}

inline RhsStatus ThermalConductance::compute_outputs(const EvalContext& c) const {
  const double flow_a_to_b = conductance_ * (c.u[0] - c.u[1]);
  c.y[0] = -flow_a_to_b;  // a.heat_flow: into node a
  c.y[1] = flow_a_to_b;   // b.heat_flow: into node b
  c.y[2] = flow_a_to_b;
  return RhsStatus::Ok;
}

inline RhsStatus FixedTemperature::compute_outputs(const EvalContext& c) const {
  c.y[0] = temperature_;
  c.y[1] = c.u[0];
  return RhsStatus::Ok;
}

inline RhsStatus CauerThermalNetwork::compute_outputs(const EvalContext& c) const {
  const std::size_t last = network_.resistance.size() - 1;
  const double heat_to_case = identical_devices_ * conductance_[last] * (c.x[last] - c.u[1]);
  c.y[0] = c.x[0];          // junction.temperature
  c.y[1] = heat_to_case;    // case.heat_flow (into the case node)
  c.y[2] = heat_to_case;
  return RhsStatus::Ok;
}

template <std::size_t Stages>
[[gnu::always_inline]] inline void CauerThermalNetwork::ladder_derivatives(
    std::size_t stages, const EvalContext& c, double* xdot) const {
  // Stages > 0: a compile-time stage count (the loop unrolls to constant indices, so a compiled
  // kernel keeps the ladder in registers); 0: the run-time count.
  const std::size_t count = Stages > 0 ? Stages : stages;
  const double* conductance = conductance_.data();
  const double* inverse_capacity = inverse_capacity_.data();
  double flow_in = c.u[0];  // junction.heat_flow: losses into the junction
  for (std::size_t k = 0; k < count; ++k) {
    const double downstream = k + 1 < count ? c.x[k + 1] : c.u[1];
    const double flow_out = conductance[k] * (c.x[k] - downstream);
    xdot[k] = (flow_in - flow_out) * inverse_capacity[k];
    flow_in = flow_out;
  }
}

inline RhsStatus CauerThermalNetwork::compute_derivatives(const EvalContext& c, double* xdot) const {
  const std::size_t stages = network_.resistance.size();
  // Datasheet Foster fits have 3 or 4 terms (the converted ladders the same count).
  if (stages == 4) {
    ladder_derivatives<4>(stages, c, xdot);
  } else if (stages == 3) {
    ladder_derivatives<3>(stages, c, xdot);
  } else {
    ladder_derivatives<0>(stages, c, xdot);
  }
  return RhsStatus::Ok;
}

}  // namespace etsim::thermal
