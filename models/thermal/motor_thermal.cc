#include "models/thermal/motor_thermal.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <string>

#include "engine/core/error.h"

namespace etsim {
namespace {

constexpr double kPi = std::numbers::pi;

// Gnielinski (1976) turbulent Nusselt number, smooth tube, fully developed.
double gnielinski(double reynolds, double prandtl) {
  const double f = std::pow(0.79 * std::log(reynolds) - 1.64, -2.0);
  return (f / 8.0) * (reynolds - 1000.0) * prandtl /
         (1.0 + 12.7 * std::sqrt(f / 8.0) * (std::pow(prandtl, 2.0 / 3.0) - 1.0));
}

}  // namespace

const std::array<std::array<int, 2>, kMotorThermalEdgeCount>& motor_thermal_edges() {
  static const std::array<std::array<int, 2>, kMotorThermalEdgeCount> edges = {{
      {kWindingNode, kEndWindingNode},
      {kWindingNode, kStatorTeethNode},
      {kStatorTeethNode, kStatorYokeNode},
      {kStatorYokeNode, kHousingNode},
      {kStatorTeethNode, kRotorNode},
      {kRotorNode, kMagnetNode},
      {kEndWindingNode, kHousingNode},
      {kRotorNode, kHousingNode},
      {kHousingNode, kCoolantNode},
  }};
  return edges;
}

const char* motor_thermal_node_name(int node) {
  static const char* names[kMotorThermalNodeCount] = {
      "winding", "end_winding", "stator_teeth", "stator_yoke",
      "rotor",   "magnet",      "housing",      "coolant"};
  return node >= 0 && node < kMotorThermalNodeCount ? names[node] : "?";
}

MotorThermalNetwork::MotorThermalNetwork(const MotorThermalParameters& parameters) : p_(parameters) {
  const MotorThermalParameters& p = p_;
  auto positive = [](double value, const char* name) {
    if (!(value > 0.0) || !std::isfinite(value)) {
      throw InputError(std::string("MotorThermalNetwork: ") + name + " = " + std::to_string(value) +
                       "; expected a finite value > 0");
    }
  };
  auto fraction = [](double value, const char* name) {
    if (!(value >= 0.0 && value <= 1.0)) {
      throw InputError(std::string("MotorThermalNetwork: ") + name + " = " + std::to_string(value) +
                       "; expected a fraction between 0 and 1");
    }
  };
  for (auto [value, name] : std::initializer_list<std::pair<double, const char*>>{
           {p.stator_outer_diameter, "stator_outer_diameter"}, {p.stator_inner_diameter, "stator_inner_diameter"},
           {p.stack_length, "stack_length"}, {p.air_gap, "air_gap"}, {p.slot_count, "slot_count"},
           {p.slot_depth, "slot_depth"}, {p.slot_width, "slot_width"}, {p.slot_fill_factor, "slot_fill_factor"},
           {p.end_winding_length, "end_winding_length"}, {p.end_winding_area, "end_winding_area"},
           {p.shaft_diameter, "shaft_diameter"}, {p.magnet_volume, "magnet_volume"},
           {p.magnet_thickness, "magnet_thickness"}, {p.magnet_contact_area, "magnet_contact_area"},
           {p.housing_thickness, "housing_thickness"}, {p.housing_length, "housing_length"},
           {p.jacket_channel_width, "jacket_channel_width"}, {p.jacket_channel_height, "jacket_channel_height"},
           {p.jacket_wetted_area, "jacket_wetted_area"}, {p.jacket_volume, "jacket_volume"},
           {p.copper_conductivity, "copper_conductivity"}, {p.copper_density, "copper_density"},
           {p.copper_specific_heat, "copper_specific_heat"}, {p.iron_radial_conductivity, "iron_radial_conductivity"},
           {p.iron_density, "iron_density"}, {p.iron_specific_heat, "iron_specific_heat"},
           {p.stacking_factor, "stacking_factor"}, {p.magnet_conductivity, "magnet_conductivity"},
           {p.magnet_density, "magnet_density"}, {p.magnet_specific_heat, "magnet_specific_heat"},
           {p.housing_conductivity, "housing_conductivity"}, {p.housing_density, "housing_density"},
           {p.housing_specific_heat, "housing_specific_heat"}, {p.resin_density, "resin_density"},
           {p.resin_specific_heat, "resin_specific_heat"},
           {p.slot_liner_equivalent_thickness, "slot_liner_equivalent_thickness"},
           {p.slot_liner_conductivity, "slot_liner_conductivity"},
           {p.winding_transverse_conductivity, "winding_transverse_conductivity"},
           {p.interface_gap, "interface_gap"}, {p.magnet_adhesive_thickness, "magnet_adhesive_thickness"},
           {p.adhesive_conductivity, "adhesive_conductivity"}, {p.bearing_conductance, "bearing_conductance"},
           {p.air_conductivity, "air_conductivity"}, {p.air_kinematic_viscosity, "air_kinematic_viscosity"},
           {p.coolant_density, "coolant_density"}, {p.coolant_specific_heat, "coolant_specific_heat"},
           {p.coolant_conductivity, "coolant_conductivity"}, {p.coolant_viscosity, "coolant_viscosity"},
           {p.initial_temperature, "initial_temperature"}}) {
    positive(value, name);
  }
  fraction(p.slot_fill_factor, "slot_fill_factor");
  fraction(p.stacking_factor, "stacking_factor");
  fraction(p.teeth_loss_fraction, "teeth_loss_fraction");
  fraction(p.mechanical_loss_rotor_fraction, "mechanical_loss_rotor_fraction");
  if (!(p.end_space_velocity_factor >= 0.0)) {
    throw InputError("MotorThermalNetwork: end_space_velocity_factor must be >= 0");
  }

  const double length = p.stack_length;
  const double r_so = 0.5 * p.stator_outer_diameter, r_si = 0.5 * p.stator_inner_diameter;
  const double r_slot_bottom = r_si + p.slot_depth;
  const double r_yoke_mid = 0.5 * (r_slot_bottom + r_so);
  const double r_rotor = r_si - p.air_gap, r_shaft = 0.5 * p.shaft_diameter;
  const double r_housing_mid = r_so + 0.5 * p.housing_thickness;
  const double slot_area = p.slot_width * p.slot_depth;
  const double tooth_width = 2.0 * kPi * 0.5 * (r_si + r_slot_bottom) / p.slot_count - p.slot_width;
  if (!(r_slot_bottom < r_so)) {
    throw InputError("MotorThermalNetwork: stator_inner_diameter/2 + slot_depth must be below "
                     "stator_outer_diameter/2 (no room for the yoke)");
  }
  if (!(tooth_width > 0.0)) {
    throw InputError("MotorThermalNetwork: slot_count x slot_width exceeds the bore circumference; "
                     "expected teeth of positive width");
  }
  if (!(r_rotor > r_shaft)) {
    throw InputError("MotorThermalNetwork: the rotor (bore minus air gap) must be larger than the shaft");
  }
  const double rotor_iron_volume =
      kPi * (r_rotor * r_rotor - r_shaft * r_shaft) * length * p.stacking_factor - p.magnet_volume;
  if (!(rotor_iron_volume > 0.0)) {
    throw InputError("MotorThermalNetwork: magnet_volume exceeds the rotor volume");
  }

  // --- Heat capacities ---------------------------------------------------------------------------
  const double copper_area = p.slot_count * slot_area * p.slot_fill_factor;
  const double resin_area = p.slot_count * slot_area * (1.0 - p.slot_fill_factor);
  const double teeth_volume =
      (kPi * (r_slot_bottom * r_slot_bottom - r_si * r_si) - p.slot_count * slot_area) * length *
      p.stacking_factor;
  const double yoke_volume = kPi * (r_so * r_so - r_slot_bottom * r_slot_bottom) * length * p.stacking_factor;
  const double shaft_volume = kPi * r_shaft * r_shaft * p.housing_length;
  const double r_housing_outer = r_so + p.housing_thickness;
  const double housing_volume =
      kPi * (r_housing_outer * r_housing_outer - r_so * r_so) * p.housing_length +
      2.0 * kPi * r_housing_outer * r_housing_outer * p.housing_thickness;
  capacitance_[kWindingNode] = copper_area * length * p.copper_density * p.copper_specific_heat +
                               resin_area * length * p.resin_density * p.resin_specific_heat;
  capacitance_[kEndWindingNode] =
      copper_area * 2.0 * p.end_winding_length * p.copper_density * p.copper_specific_heat;
  capacitance_[kStatorTeethNode] = teeth_volume * p.iron_density * p.iron_specific_heat;
  capacitance_[kStatorYokeNode] = yoke_volume * p.iron_density * p.iron_specific_heat;
  capacitance_[kRotorNode] = (rotor_iron_volume + shaft_volume) * p.iron_density * p.iron_specific_heat;
  capacitance_[kMagnetNode] = p.magnet_volume * p.magnet_density * p.magnet_specific_heat;
  capacitance_[kHousingNode] = housing_volume * p.housing_density * p.housing_specific_heat;
  capacitance_[kCoolantNode] = p.jacket_volume * p.coolant_density * p.coolant_specific_heat;
  slot_copper_fraction_ = length / (length + 2.0 * p.end_winding_length);

  // --- Fixed conductances --------------------------------------------------------------------------
  const double iron_k_length = 2.0 * kPi * p.iron_radial_conductivity * length * p.stacking_factor;
  fixed_conductance_[kWindingEndWinding] =
      2.0 * p.copper_conductivity * copper_area / (0.5 * length + 0.5 * p.end_winding_length);
  const double slot_wall_area = p.slot_count * (2.0 * p.slot_depth + p.slot_width) * length;
  fixed_conductance_[kWindingTeeth] =
      1.0 / (p.slot_liner_equivalent_thickness / (p.slot_liner_conductivity * slot_wall_area) +
             0.25 * p.slot_width / (p.winding_transverse_conductivity * slot_wall_area));
  const double teeth_resistance =
      0.5 * p.slot_depth /
      (p.iron_radial_conductivity * p.slot_count * tooth_width * length * p.stacking_factor);
  fixed_conductance_[kTeethYoke] =
      1.0 / (teeth_resistance + std::log(r_yoke_mid / r_slot_bottom) / iron_k_length);
  fixed_conductance_[kYokeHousing] =
      1.0 / (std::log(r_so / r_yoke_mid) / iron_k_length +
             p.interface_gap / (p.air_conductivity * 2.0 * kPi * r_so * length) +
             std::log(r_housing_mid / r_so) /
                 (2.0 * kPi * p.housing_conductivity * p.housing_length));
  fixed_conductance_[kRotorMagnets] =
      1.0 / (0.5 * p.magnet_thickness / (p.magnet_conductivity * p.magnet_contact_area) +
             p.magnet_adhesive_thickness / (p.adhesive_conductivity * p.magnet_contact_area));
  airgap_area_ = 2.0 * kPi * (r_rotor + 0.5 * p.air_gap) * length;
  const double end_cap_area = 2.0 * kPi * r_so * r_so;
  end_winding_series_area_ = p.end_winding_area * end_cap_area / (p.end_winding_area + end_cap_area);
  const double rotor_end_area = 2.0 * kPi * (r_rotor * r_rotor - r_shaft * r_shaft);
  rotor_end_series_area_ = rotor_end_area * end_cap_area / (rotor_end_area + end_cap_area);
  jacket_flow_area_ = p.jacket_channel_width * p.jacket_channel_height;
  jacket_hydraulic_diameter_ = 2.0 * p.jacket_channel_width * p.jacket_channel_height /
                               (p.jacket_channel_width + p.jacket_channel_height);
}

double MotorThermalNetwork::jacket_reynolds_number(double mass_flow) const {
  // Re = rho v D_h / mu with rho v = m_dot / A.
  return std::abs(mass_flow) * jacket_hydraulic_diameter_ / (jacket_flow_area_ * p_.coolant_viscosity);
}

double MotorThermalNetwork::jacket_heat_transfer_coefficient(double mass_flow) const {
  const double reynolds = jacket_reynolds_number(mass_flow);
  const double prandtl = p_.coolant_viscosity * p_.coolant_specific_heat / p_.coolant_conductivity;
  constexpr double laminar = 3.66;  // fully developed, uniform wall temperature
  double nusselt;
  if (reynolds <= 2300.0) {
    nusselt = laminar;
  } else if (reynolds < 1e4) {
    // Gnielinski (2013): linear interpolation between Nu_lam(2300) and Nu_turb(1e4).
    const double gamma = (reynolds - 2300.0) / (1e4 - 2300.0);
    nusselt = (1.0 - gamma) * laminar + gamma * gnielinski(1e4, prandtl);
  } else {
    nusselt = gnielinski(reynolds, prandtl);
  }
  return nusselt * p_.coolant_conductivity / jacket_hydraulic_diameter_;
}

double MotorThermalNetwork::airgap_heat_transfer_coefficient(double speed) const {
  const double mean_radius = 0.5 * p_.stator_inner_diameter - 0.5 * p_.air_gap;
  const double gap = p_.air_gap;
  const double taylor = speed * speed * mean_radius * gap * gap * gap /
                        (p_.air_kinematic_viscosity * p_.air_kinematic_viscosity);
  double nusselt;
  if (taylor < 1700.0) {
    nusselt = 2.0;  // laminar Couette flow: pure conduction across the gap
  } else if (taylor < 1e4) {
    nusselt = 0.128 * std::pow(taylor, 0.367);
  } else {
    nusselt = 0.409 * std::pow(taylor, 0.241);  // measured up to Ta = 1e7, extrapolated above
  }
  // Nu is based on the hydraulic diameter 2 delta.
  return nusselt * p_.air_conductivity / (2.0 * gap);
}

double MotorThermalNetwork::end_space_heat_transfer_coefficient(double speed) const {
  const double velocity =
      p_.end_space_velocity_factor * std::abs(speed) * (0.5 * p_.stator_inner_diameter - p_.air_gap);
  return 15.0 + 6.75 * std::pow(velocity, 0.65);
}

void MotorThermalNetwork::conductances(double speed, double mass_flow,
                                       std::array<double, kMotorThermalEdgeCount>& g) const {
  g = fixed_conductance_;
  const double end_space = end_space_heat_transfer_coefficient(speed);
  g[kTeethRotor] = airgap_heat_transfer_coefficient(speed) * airgap_area_;
  g[kEndWindingHousing] = end_space * end_winding_series_area_;
  g[kRotorHousing] = end_space * rotor_end_series_area_ + p_.bearing_conductance;
  g[kHousingCoolant] = jacket_heat_transfer_coefficient(mass_flow) * p_.jacket_wetted_area;
}

void MotorThermalNetwork::node_heat(const MotorThermalLosses& losses,
                                    std::array<double, kMotorThermalNodeCount>& heat) const {
  heat.fill(0.0);
  heat[kWindingNode] = slot_copper_fraction_ * losses.copper;
  heat[kEndWindingNode] = (1.0 - slot_copper_fraction_) * losses.copper;
  heat[kStatorTeethNode] = p_.teeth_loss_fraction * losses.stator_iron;
  heat[kStatorYokeNode] = (1.0 - p_.teeth_loss_fraction) * losses.stator_iron;
  heat[kRotorNode] = losses.rotor_iron + p_.mechanical_loss_rotor_fraction * losses.mechanical;
  heat[kMagnetNode] = losses.magnets;
  heat[kHousingNode] = (1.0 - p_.mechanical_loss_rotor_fraction) * losses.mechanical;
}

double MotorThermalNetwork::derivatives(const double* temperature, const MotorThermalLosses& losses,
                                        double speed, double mass_flow, double inlet_temperature,
                                        double* temperature_rate) const {
  std::array<double, kMotorThermalEdgeCount> g;
  conductances(speed, mass_flow, g);
  std::array<double, kMotorThermalNodeCount> heat;
  node_heat(losses, heat);
  const auto& edges = motor_thermal_edges();
  for (int e = 0; e < kMotorThermalEdgeCount; ++e) {
    const int a = edges[e][0], b = edges[e][1];
    const double flow_a_to_b = g[e] * (temperature[a] - temperature[b]);
    heat[a] -= flow_a_to_b;
    heat[b] += flow_a_to_b;
  }
  // Well-mixed jacket: the stream leaves at the coolant node temperature. Reverse flow is treated
  // as no flow.
  const double heat_to_stream = std::max(0.0, mass_flow) * p_.coolant_specific_heat *
                                (temperature[kCoolantNode] - inlet_temperature);
  heat[kCoolantNode] -= heat_to_stream;
  for (int i = 0; i < kMotorThermalNodeCount; ++i) temperature_rate[i] = heat[i] / capacitance_[i];
  return heat_to_stream;
}

// --- Component ------------------------------------------------------------------------------------

MotorThermalComponent::MotorThermalComponent(std::string name, const MotorThermalParameters& parameters)
    : Component(std::move(name)), network_(parameters) {
  for (int i = 0; i < kMotorThermalNodeCount; ++i) {
    add_state({std::string(motor_thermal_node_name(i)) + "_temperature", "K",
               parameters.initial_temperature, 350.0, 0.0, "LPTN node temperature"});
  }
  add_port("winding", PortKind::Thermal, PortRole::A);
  add_port("stator_iron", PortKind::Thermal, PortRole::A);
  add_port("rotor", PortKind::Thermal, PortRole::A);
  add_port("magnets", PortKind::Thermal, PortRole::A);
  add_port("mechanical", PortKind::Thermal, PortRole::A);
  add_port("coolant_in", PortKind::Coolant, PortRole::B);
  add_port("coolant_out", PortKind::Coolant, PortRole::A);
  in_speed_ = add_input({"speed", "rad/s", "rotor mechanical speed"});
  out_first_node_temperature_ = static_cast<int>(outputs().size());
  for (int i = 0; i < kMotorThermalNodeCount; ++i) {
    add_output({std::string(motor_thermal_node_name(i)) + "_temperature", "K", "node temperature"});
  }
  out_heat_to_coolant_ = add_output({"heat_to_coolant", "W", "m_dot c_p (T_out - T_in)"});
  out_jacket_htc_ = add_output({"jacket_htc", "W/(m2*K)", "jacket heat-transfer coefficient"});
  out_airgap_htc_ = add_output({"airgap_htc", "W/(m2*K)", "air-gap heat-transfer coefficient"});
  out_stored_heat_ = add_output({"stored_heat", "J", "sum C_i (T_i - initial_temperature)"});

  in_copper_ = find_input("winding.heat_flow");
  in_stator_iron_ = find_input("stator_iron.heat_flow");
  in_rotor_ = find_input("rotor.heat_flow");
  in_magnets_ = find_input("magnets.heat_flow");
  in_mechanical_ = find_input("mechanical.heat_flow");
  in_mass_flow_ = find_input("coolant_in.mass_flow");
  in_inlet_temperature_ = find_input("coolant_in.temperature");
  out_winding_port_ = find_output("winding.temperature");
  out_stator_iron_port_ = find_output("stator_iron.temperature");
  out_rotor_port_ = find_output("rotor.temperature");
  out_magnets_port_ = find_output("magnets.temperature");
  out_mechanical_port_ = find_output("mechanical.temperature");
  out_mass_flow_ = find_output("coolant_out.mass_flow");
  out_outlet_temperature_ = find_output("coolant_out.temperature");
  // Temperatures are states; only the outlet flow, coolant heat and HTCs follow inputs at once.
  set_direct_feedthrough(false);
  add_feedthrough(out_mass_flow_, in_mass_flow_);
  add_feedthrough(out_heat_to_coolant_, in_mass_flow_);
  add_feedthrough(out_heat_to_coolant_, in_inlet_temperature_);
  add_feedthrough(out_jacket_htc_, in_mass_flow_);
  add_feedthrough(out_airgap_htc_, in_speed_);
}

MotorThermalLosses MotorThermalComponent::losses(const EvalContext& c) const {
  return {c.u[in_copper_], c.u[in_stator_iron_], c.u[in_rotor_], c.u[in_magnets_],
          c.u[in_mechanical_]};
}

RhsStatus MotorThermalComponent::compute_outputs(const EvalContext& c) const {
  const MotorThermalParameters& p = network_.parameters();
  const double* t = c.x;
  const double slot = network_.slot_copper_fraction();
  c.y[out_winding_port_] = slot * t[kWindingNode] + (1.0 - slot) * t[kEndWindingNode];
  c.y[out_stator_iron_port_] =
      p.teeth_loss_fraction * t[kStatorTeethNode] + (1.0 - p.teeth_loss_fraction) * t[kStatorYokeNode];
  c.y[out_rotor_port_] = t[kRotorNode];
  c.y[out_magnets_port_] = t[kMagnetNode];
  c.y[out_mechanical_port_] = p.mechanical_loss_rotor_fraction * t[kRotorNode] +
                              (1.0 - p.mechanical_loss_rotor_fraction) * t[kHousingNode];
  const double mass_flow = c.u[in_mass_flow_];
  c.y[out_mass_flow_] = mass_flow;
  c.y[out_outlet_temperature_] = t[kCoolantNode];
  double stored = 0.0;
  for (int i = 0; i < kMotorThermalNodeCount; ++i) {
    c.y[out_first_node_temperature_ + i] = t[i];
    stored += network_.capacitance()[i] * (t[i] - p.initial_temperature);
  }
  c.y[out_heat_to_coolant_] =
      std::max(0.0, mass_flow) * p.coolant_specific_heat * (t[kCoolantNode] - c.u[in_inlet_temperature_]);
  c.y[out_jacket_htc_] = network_.jacket_heat_transfer_coefficient(mass_flow);
  c.y[out_airgap_htc_] = network_.airgap_heat_transfer_coefficient(c.u[in_speed_]);
  c.y[out_stored_heat_] = stored;
  return RhsStatus::Ok;
}

RhsStatus MotorThermalComponent::compute_derivatives(const EvalContext& c, double* xdot) const {
  for (int i = 0; i < kMotorThermalNodeCount; ++i) {
    if (!std::isfinite(c.x[i]) || !(c.x[i] > 0.0)) return RhsStatus::Recoverable;
  }
  network_.derivatives(c.x, losses(c), c.u[in_speed_], c.u[in_mass_flow_],
                       c.u[in_inlet_temperature_], xdot);
  return RhsStatus::Ok;
}

}  // namespace etsim
