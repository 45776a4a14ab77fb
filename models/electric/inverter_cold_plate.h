// Liquid-cooled cold plate under the inverter's power module: one lumped heat capacity (base plate,
// heat sink and the coolant in it) with forced convection to the coolant stream.
//
//   C dT/dt = Q_devices − Q_coolant
//   Q_coolant = ε ṁ c_p (T − T_in),   ε = 1 − exp(−NTU),   NTU = hA / (ṁ c_p)
//   hA(ṁ) = hA_ref (ṁ / ṁ_ref)^0.8 + hA_min           (Dittus–Boelter: Nu ∝ Re^0.8 at fixed geometry)
//   T_out = T_in + Q_coolant / (ṁ c_p) = T_in + ε (T − T_in)
// The plate is the ε-NTU exchanger with a wall at uniform temperature T (ε exact for that case,
// Incropera & DeWitt, Fundamentals of Heat and Mass Transfer, 6th ed., eq. 8.45a). For ṁ -> 0,
// ε -> 1 and Q_coolant -> 0 (the plate then only stores heat; Q_coolant = ṁ c_p (T_out − T_in)
// always holds, so energy is conserved); reverse flow (ṁ < 0) is treated as no flow. hA_min keeps
// NTU finite at very low flow (laminar floor).
// Ports: devices (Thermal, role A Node: plate temperature out, sum of device heat flows in),
// coolant_in (Coolant, role B Inlet), coolant_out (Coolant, role A Outlet).
#pragma once

#include <algorithm>
#include <string>

#include "engine/framework/component.h"

namespace etsim {

struct ColdPlateParameters {
  double heat_capacity = 1500.0;             // [J/K] ~1.2 kg Al plate + pins + coolant inside
  double reference_conductance = 150.0;      // [W/K] hA at the reference flow (assumed, see docs)
  double reference_mass_flow = 0.15;         // [kg/s] ~9 L/min of 50/50 water-glycol
  double minimum_conductance = 0.5;          // [W/K]
  double coolant_specific_heat = 3300.0;     // [J/(kg K)] 50/50 ethylene glycol-water, ~40 degC
  double initial_temperature = 298.15;       // [K]
};

// Heat-transfer relations, shared with tests.
double cold_plate_conductance(const ColdPlateParameters& p, double mass_flow);  // hA [W/K]
double cold_plate_effectiveness(const ColdPlateParameters& p, double mass_flow);  // ε [-]

class InverterColdPlate final : public Component {
 public:
  InverterColdPlate(std::string name, const ColdPlateParameters& parameters);
  std::string_view type_name() const override { return "InverterColdPlate"; }
  RhsStatus compute_outputs(const EvalContext& context) const override;
  RhsStatus compute_derivatives(const EvalContext& context, double* xdot) const override;

 private:
  // ε at this mass flow, remembered in the run's scratch for the next call.
  double effectiveness(const EvalContext& context, double mass_flow) const;
  [[gnu::noinline]] double new_effectiveness(const EvalContext& context, double mass_flow) const;
  ColdPlateParameters p_;
  // Indices as compile-time constants (checked in the constructor) for compiled kernels.
  static constexpr int in_heat_ = 0, in_mass_flow_ = 1, in_inlet_temperature_ = 2;
  static constexpr int out_temperature_ = 0, out_mass_flow_ = 1, out_outlet_temperature_ = 2,
                       out_heat_to_coolant_ = 3;
};

// The equations, here rather than in the .cc file so that compiled kernels
// (engine/exec/compiled_kernel.h) can inline them.
inline double InverterColdPlate::effectiveness(const EvalContext& c, double mass_flow) const {
  if (mass_flow != c.work[0] || c.work[2] == 0.0) return new_effectiveness(c, mass_flow);
  return c.work[1];
}

inline RhsStatus InverterColdPlate::compute_outputs(const EvalContext& c) const {
  const double mass_flow = std::max(0.0, c.u[in_mass_flow_]);
  const double inlet = c.u[in_inlet_temperature_];
  const double epsilon = effectiveness(c, mass_flow);
  c.y[out_temperature_] = c.x[0];
  c.y[out_mass_flow_] = c.u[in_mass_flow_];
  // T_out = T_in + ε (T − T_in); without flow the (stagnant) outlet is at plate temperature.
  c.y[out_outlet_temperature_] = mass_flow > 0.0 ? inlet + epsilon * (c.x[0] - inlet) : c.x[0];
  c.y[out_heat_to_coolant_] = epsilon * mass_flow * p_.coolant_specific_heat * (c.x[0] - inlet);
  return RhsStatus::Ok;
}

inline RhsStatus InverterColdPlate::compute_derivatives(const EvalContext& c, double* xdot) const {
  const double mass_flow = std::max(0.0, c.u[in_mass_flow_]);
  const double heat_to_coolant = effectiveness(c, mass_flow) * mass_flow * p_.coolant_specific_heat *
                                 (c.x[0] - c.u[in_inlet_temperature_]);
  xdot[0] = (c.u[in_heat_] - heat_to_coolant) / p_.heat_capacity;
  return RhsStatus::Ok;
}

}  // namespace etsim
