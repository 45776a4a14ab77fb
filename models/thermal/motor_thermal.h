// Lumped-parameter thermal network (LPTN) of a water-jacket-cooled radial-flux traction PMSM
// (~150-220 kW class), after the structure of Mellor, Roberts & Turner (IEE Proc. B 138(5), 1991)
// and Staton, Boglietti & Cavagnino (IEEE Trans. Energy Conv. 20(3), 2005) with simplified
// two-node radial conduction between region mid-radii.
//
// Nodes (states, temperatures in K):
//   0 winding (copper in the slots)   1 end winding      2 stator teeth    3 stator yoke
//   4 rotor (iron + shaft)            5 magnets          6 housing         7 coolant in the jacket
// Each node:  C_i dT_i/dt = P_i + sum_j G_ij (T_j - T_i)      (coolant node also + ṁ c_p (T_in - T_7))
// Edges G_ij (W/K), from geometry and materials (docs/models/thermal-networks.md):
//   winding-end winding   axial conduction in copper: 2 k_cu A_cu / (L/2 + l_ew/2)
//   winding-teeth         slot liner + impregnation t_eq/(k_eq A_slot) + winding interior
//                         (w_slot/4)/(k_w A_slot), A_slot = N_s (2 d_slot + w_slot) L
//   teeth-yoke            radial conduction, half tooth + half yoke
//   yoke-housing          half yoke (cylinder) + interface gap g_i/(k_air A) + half housing wall
//   teeth-rotor           air gap, h_ag A_gap; h_ag = Nu k_air / (2 δ), Nu from Becker & Kaye (1962):
//                         Nu = 2 (Ta < 1700), 0.128 Ta^0.367 (< 1e4), 0.409 Ta^0.241 (< 1e7),
//                         Ta = ω² r_m δ³ / ν²  (narrow gap: geometric factor F_g = 1)
//   rotor-magnets         conduction through half magnet thickness + adhesive layer
//   end winding-housing   end-space convection, h_es = 15 + 6.75 v^0.65 (Schubert, in Boglietti
//                         et al., IEEE TIE 56(3), 2009), v = k_v ω r_rotor, series over end winding
//                         and end-cap surfaces
//   rotor-housing         rotor end faces (same h_es) in series with end caps, parallel to bearings
//   housing-coolant       jacket forced convection, h_j = Nu k_c / D_h, Gnielinski (1976):
//                         Nu = (f/8)(Re-1000)Pr / (1 + 12.7 sqrt(f/8)(Pr^(2/3)-1)),
//                         f = (0.79 ln Re - 1.64)^-2 for Re >= 3000; Nu = 3.66 for Re <= 2300;
//                         linear in Re in between (Gnielinski 2013 interpolation)
// Coolant node: well mixed, outlet temperature = node temperature; the outer housing surface is
// adiabatic (all heat leaves through the coolant). Losses: copper loss split slot/end winding by
// conductor length L : 2 l_ew; iron loss split teeth/yoke by teeth_loss_fraction; mechanical
// loss split rotor (windage) / housing (bearings).
#pragma once

#include <array>
#include <string>

#include "engine/framework/component.h"

namespace etsim {

enum MotorThermalNode : int {
  kWindingNode = 0,
  kEndWindingNode,
  kStatorTeethNode,
  kStatorYokeNode,
  kRotorNode,
  kMagnetNode,
  kHousingNode,
  kCoolantNode,
  kMotorThermalNodeCount
};

enum MotorThermalEdge : int {
  kWindingEndWinding = 0,
  kWindingTeeth,
  kTeethYoke,
  kYokeHousing,
  kTeethRotor,
  kRotorMagnets,
  kEndWindingHousing,
  kRotorHousing,
  kHousingCoolant,
  kMotorThermalEdgeCount
};

// Node pair of each edge.
const std::array<std::array<int, 2>, kMotorThermalEdgeCount>& motor_thermal_edges();
const char* motor_thermal_node_name(int node);  // "winding", "end_winding", ...

// Geometry and materials. Defaults: an assumed ~200 kW water-jacket IPM traction motor of the size
// class of published machines (230 mm stator OD, 140 mm stack); sources in the docs.
struct MotorThermalParameters {
  // Geometry [m]
  double stator_outer_diameter = 0.230;
  double stator_inner_diameter = 0.150;  // bore
  double stack_length = 0.140;
  double air_gap = 0.0007;
  double slot_count = 48;
  double slot_depth = 0.022;
  double slot_width = 0.0060;
  double slot_fill_factor = 0.45;        // copper area / slot area
  double end_winding_length = 0.080;     // conductor length per side beyond the stack
  double end_winding_area = 0.12;        // [m²] wetted surface of both end windings
  double shaft_diameter = 0.050;
  double magnet_volume = 2.4e-4;         // [m³] NdFeB, ~1.8 kg
  double magnet_thickness = 0.005;
  double magnet_contact_area = 0.09;     // [m²] magnet faces touching rotor iron
  double housing_thickness = 0.008;
  double housing_length = 0.200;
  // Cooling jacket channel (spiral, rectangular section) [m]
  double jacket_channel_width = 0.012;
  double jacket_channel_height = 0.008;
  double jacket_wetted_area = 0.09;      // [m²] channel wall area facing the stator
  double jacket_volume = 4.0e-4;         // [m³] coolant inside the jacket
  // Materials
  double copper_conductivity = 390.0;          // [W/(m K)]
  double copper_density = 8930.0, copper_specific_heat = 385.0;
  double iron_radial_conductivity = 28.0;      // [W/(m K)] in the lamination plane
  double iron_density = 7650.0, iron_specific_heat = 460.0;
  double stacking_factor = 0.97;
  double magnet_conductivity = 9.0;            // [W/(m K)] sintered NdFeB
  double magnet_density = 7500.0, magnet_specific_heat = 440.0;
  double housing_conductivity = 150.0;         // [W/(m K)] cast aluminium
  double housing_density = 2680.0, housing_specific_heat = 900.0;
  double resin_density = 1400.0, resin_specific_heat = 1700.0;  // impregnation in the slot
  double slot_liner_equivalent_thickness = 0.3e-3;  // [m]
  double slot_liner_conductivity = 0.2;        // [W/(m K)] liner + impregnation equivalent
  double winding_transverse_conductivity = 0.8;  // [W/(m K)] impregnated bundle, across wires
  double interface_gap = 0.01e-3;              // [m] stator-housing equivalent air gap (shrink fit)
  double magnet_adhesive_thickness = 0.05e-3, adhesive_conductivity = 0.2;
  double bearing_conductance = 1.0;            // [W/K] both bearings + shaft path
  double air_conductivity = 0.030;             // [W/(m K)] ~80 degC
  double air_kinematic_viscosity = 2.0e-5;     // [m²/s] ~80 degC
  double end_space_velocity_factor = 0.5;      // [-] air speed / rotor peripheral speed
  // Coolant (50/50 ethylene glycol-water, ~50 degC)
  double coolant_density = 1060.0, coolant_specific_heat = 3300.0;
  double coolant_conductivity = 0.40, coolant_viscosity = 2.0e-3;  // [W/(m K)], [Pa s]
  // Loss split
  double teeth_loss_fraction = 0.55;           // share of stator iron loss in the teeth
  double mechanical_loss_rotor_fraction = 0.5; // windage share (rest: bearings -> housing)
  double initial_temperature = 298.15;         // [K]
};

struct MotorThermalLosses {
  double copper = 0.0, stator_iron = 0.0, rotor_iron = 0.0, magnets = 0.0, mechanical = 0.0;  // [W]
};

// The network as plain equations (no engine types), allocation-free after construction.
class MotorThermalNetwork {
 public:
  explicit MotorThermalNetwork(const MotorThermalParameters& parameters);  // throws InputError

  const MotorThermalParameters& parameters() const { return p_; }
  const std::array<double, kMotorThermalNodeCount>& capacitance() const { return capacitance_; }
  double slot_copper_fraction() const { return slot_copper_fraction_; }

  // Correlations.
  double jacket_reynolds_number(double mass_flow) const;
  double jacket_heat_transfer_coefficient(double mass_flow) const;   // [W/(m² K)]
  double airgap_heat_transfer_coefficient(double speed) const;       // [W/(m² K)], speed [rad/s]
  double end_space_heat_transfer_coefficient(double speed) const;    // [W/(m² K)]

  // All edge conductances [W/K] at a rotor speed [rad/s] and coolant mass flow [kg/s].
  void conductances(double speed, double mass_flow,
                    std::array<double, kMotorThermalEdgeCount>& g) const;
  // Heat input per node [W].
  void node_heat(const MotorThermalLosses& losses, std::array<double, kMotorThermalNodeCount>& p) const;
  // dT/dt for temperatures T; returns the heat carried away by the coolant stream
  // ṁ c_p (T_coolant - T_in) [W].
  double derivatives(const double* temperature, const MotorThermalLosses& losses, double speed,
                     double mass_flow, double inlet_temperature, double* temperature_rate) const;

 private:
  MotorThermalParameters p_;
  std::array<double, kMotorThermalNodeCount> capacitance_{};
  std::array<double, kMotorThermalEdgeCount> fixed_conductance_{};  // speed/flow independent ones
  double slot_copper_fraction_ = 0.0;
  double airgap_area_ = 0.0, end_winding_series_area_ = 0.0, rotor_end_series_area_ = 0.0;
  double jacket_hydraulic_diameter_ = 0.0, jacket_flow_area_ = 0.0;
};

// Component "MotorThermalNetwork". Ports (Thermal, role A Node): winding (copper loss; temperature =
// conductor-length-weighted mean of slot and end winding), stator_iron (temperature = loss-weighted
// mean of teeth and yoke), rotor, magnets, mechanical (loss-weighted mean of rotor and housing);
// coolant_in (Coolant, role B Inlet), coolant_out (Coolant, role A Outlet). Input speed [rad/s].
// Outputs: <node>_temperature for all 8 nodes, heat_to_coolant, jacket_htc, airgap_htc,
// stored_heat (sum C_i (T_i - initial_temperature)).
class MotorThermalComponent final : public Component {
 public:
  MotorThermalComponent(std::string name, const MotorThermalParameters& parameters);
  std::string_view type_name() const override { return "MotorThermalNetwork"; }
  RhsStatus compute_outputs(const EvalContext& context) const override;
  RhsStatus compute_derivatives(const EvalContext& context, double* xdot) const override;
  const MotorThermalNetwork& network() const { return network_; }

 private:
  MotorThermalLosses losses(const EvalContext& c) const;
  MotorThermalNetwork network_;
  int in_speed_, in_mass_flow_, in_inlet_temperature_;
  int in_copper_, in_stator_iron_, in_rotor_, in_magnets_, in_mechanical_;
  int out_winding_port_, out_stator_iron_port_, out_rotor_port_, out_magnets_port_,
      out_mechanical_port_, out_mass_flow_, out_outlet_temperature_;
  int out_first_node_temperature_, out_heat_to_coolant_, out_jacket_htc_, out_airgap_htc_,
      out_stored_heat_;
};

}  // namespace etsim
