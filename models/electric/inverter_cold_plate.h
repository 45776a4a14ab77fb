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
  ColdPlateParameters p_;
  int in_heat_, in_mass_flow_, in_inlet_temperature_;
  int out_temperature_, out_mass_flow_, out_outlet_temperature_, out_heat_to_coolant_;
};

}  // namespace etsim
