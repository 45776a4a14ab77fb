#include "models/electric/pmsm_component.h"

#include <cmath>

#include "engine/core/error.h"

namespace etsim {

namespace {

// Port variable slots (engine/framework/port.h): a role-B Thermal/Rotational port inputs variable 0
// (temperature, speed) and outputs variable 1 (heat_flow, torque).
struct FlowPort {
  int input;
  int output;
};

}  // namespace

std::vector<NumberParameterSpec> pmsm_number_parameters() {
  // Defaults: the reference 800 V sedan machine = Prius 2004 IPM lamination with half the turns and
  // 75 % of the stack (k_N = 0.5, k_L = 0.75): about 310 N*m at 500 A peak and 200 kW at 800 V
  // (docs/models/pmsm.md). The linear L_d, L_q, psi_m are a least-squares fit of that scaled map.
  return {
      {"pole_pairs", "1", 4.0, 1.0, 50.0, "p (Prius 2004 MG2: 8 poles)"},
      {"stator_resistance", "Ohm", 0.013, 1e-6, 100.0,
       "R_20 phase resistance at reference_temperature (estimate, see docs)"},
      {"d_inductance", "H", 0.27e-3, 1e-7, 10.0, "L_d, linear model only (no flux_map)"},
      {"q_inductance", "H", 0.493e-3, 1e-7, 10.0, "L_q, linear model only"},
      {"magnet_flux", "Wb", 0.080, 0.0, 10.0, "psi_m, linear model only (peak, per phase)"},
      {"copper_temperature_coefficient", "1/K", 3.93e-3, -0.1, 0.1, "alpha_Cu (IEC 60028)"},
      {"remanence_temperature_coefficient", "1/K", -1.2e-3, -0.1, 0.1,
       "alpha_Br of the magnets (sintered NdFeB about -0.09..-0.12 %/K)"},
      {"reference_temperature", "K", 293.15, 1.0, 1000.0, "temperature of R_20 and flux data"},
      {"hysteresis_loss", "W", 600.0, 0.0, 1e7, "k_h: hysteresis loss at f_ref and psi_ref"},
      {"eddy_loss", "W", 400.0, 0.0, 1e7, "k_e: eddy-current loss at f_ref and psi_ref"},
      {"iron_reference_frequency", "Hz", 400.0, 1e-3, 1e6, "f_ref (electrical)"},
      {"iron_reference_flux", "Wb", 0.0825, 1e-9, 100.0, "psi_ref"},
      {"friction_torque", "N*m", 0.2, 0.0, 1e4, "a: constant (Coulomb) friction torque"},
      {"viscous_friction", "N*m*s", 2e-4, 0.0, 1e3, "b: viscous friction torque per rad/s"},
      {"windage_coefficient", "N*m*s^2", 5e-8, 0.0, 1e3, "c: windage torque per (rad/s)^2"},
      {"friction_smoothing_speed", "rad/s", 1.0, 1e-6, 1e3,
       "w_s: width of the smooth sign of loss torques at standstill"},
      {"map_turns_scale", "1", 0.5, 1e-3, 1e3,
       "k_N: turns of this machine / turns of the map's machine (flux_map only)"},
      {"map_stack_length_scale", "1", 0.75, 1e-3, 1e3,
       "k_L: stack length of this machine / that of the map's machine (flux_map only)"},
      {"unconnected_temperature", "K", 293.15, 1.0, 1000.0,
       "temperature used for a thermal port left unconnected"},
  };
}

TableParameterSpec pmsm_flux_map_parameter() {
  return {"flux_map",
          {{"i_d", "A"}, {"i_q", "A"}, {"psi_d", "Wb"}, {"psi_q", "Wb"}},
          "flux-linkage map psi_d(i_d, i_q), psi_q(i_d, i_q) on a full uniform grid; without it the "
          "linear model L_d, L_q, psi_m is used",
          false};
}

std::shared_ptr<const PmsmModel> make_pmsm_model(const ParameterValues& v) {
  PmsmParameters p;
  const double pole_pairs = v.number("pole_pairs");
  if (pole_pairs != std::round(pole_pairs)) {
    throw InputError("pole_pairs must be a whole number, got " + std::to_string(pole_pairs));
  }
  p.pole_pairs = static_cast<int>(pole_pairs);
  p.resistance_20 = v.number("stator_resistance");
  p.copper_temperature_coefficient = v.number("copper_temperature_coefficient");
  p.remanence_temperature_coefficient = v.number("remanence_temperature_coefficient");
  p.reference_temperature = v.number("reference_temperature");
  p.iron = {v.number("hysteresis_loss"), v.number("eddy_loss"), v.number("iron_reference_frequency"),
            v.number("iron_reference_flux")};
  p.mechanical = {v.number("friction_torque"), v.number("viscous_friction"),
                  v.number("windage_coefficient"), v.number("friction_smoothing_speed")};
  if (v.has_table("flux_map")) {
    const Table& table = v.table("flux_map");
    FluxMapData data{table.column("i_d"), table.column("i_q"), table.column("psi_d"),
                     table.column("psi_q"), table.source};
    return std::make_shared<const PmsmModel>(
        p, FluxLinkageModel::from_map(data, v.number("map_turns_scale"),
                                      v.number("map_stack_length_scale")));
  }
  return std::make_shared<const PmsmModel>(
      p, FluxLinkageModel::linear(v.number("d_inductance"), v.number("q_inductance"),
                                  v.number("magnet_flux")));
}

// ---------------------------------------------------------------------------------------------------
PmsmComponentBase::PmsmComponentBase(std::string name, std::shared_ptr<const PmsmModel> motor,
                                     double unconnected_temperature)
    : Component(std::move(name)), motor_(std::move(motor)),
      unconnected_temperature_(unconnected_temperature) {}

void PmsmComponentBase::declare_ports_and_common_outputs() {
  const auto flow_port = [&](const char* port_name, PortKind kind) {
    const PortSpec& spec = add_port(port_name, kind, PortRole::B);
    return FlowPort{spec.input_index.at(0), spec.output_index.at(1)};
  };
  const FlowPort shaft = flow_port("shaft", PortKind::Rotational);
  const FlowPort winding = flow_port("winding", PortKind::Thermal);
  const FlowPort magnet = flow_port("magnet", PortKind::Thermal);
  const FlowPort iron = flow_port("stator_iron", PortKind::Thermal);
  require_index(shaft.input, in_speed_, "shaft speed input");
  require_index(shaft.output, out_shaft_torque_, "shaft torque output");
  require_index(winding.input, in_winding_t_, "winding temperature input");
  require_index(winding.output, out_winding_heat_, "winding heat output");
  require_index(magnet.input, in_magnet_t_, "magnet temperature input");
  require_index(magnet.output, out_magnet_heat_, "magnet heat output");
  require_index(iron.output, out_iron_heat_, "iron heat output");
  require_index(add_output({"torque", "N*m", "shaft torque (electromagnetic minus loss torques)"}),
                out_torque_, "torque");
  require_index(add_output({"torque_electromagnetic", "N*m", "1.5 p (psi_d i_q - psi_q i_d)"}),
                out_torque_em_, "torque_electromagnetic");
  require_index(add_output({"speed", "rad/s", "mechanical speed"}), out_speed_, "speed");
  require_index(add_output({"id", "A", "d-axis current (peak)"}), out_id_, "id");
  require_index(add_output({"iq", "A", "q-axis current (peak)"}), out_iq_, "iq");
  require_index(add_output({"electrical_power", "W", "1.5 (v_d i_d + v_q i_q) into the machine"}),
                out_power_, "electrical_power");
  require_index(add_output({"loss_copper", "W", "1.5 R(T) |i|^2"}), out_loss_copper_,
                "loss_copper");
  require_index(add_output({"loss_iron", "W", "hysteresis + eddy-current loss"}), out_loss_iron_,
                "loss_iron");
  require_index(add_output({"loss_mechanical", "W", "friction + windage"}), out_loss_mech_,
                "loss_mechanical");
  require_index(add_output({"loss_total", "W", "copper + iron + mechanical"}), out_loss_total_,
                "loss_total");
  // The temperatures the motor computes with (read on its thermal ports), so a results file holds
  // motor/winding_temperature and motor/magnet_temperature next to the losses they cause.
  require_index(add_output({"winding_temperature", "K", "winding temperature used for R(T)"}),
                out_winding_temperature_, "winding_temperature");
  require_index(add_output({"magnet_temperature", "K", "magnet temperature used for psi_m(T)"}),
                out_magnet_temperature_, "magnet_temperature");
}

PmsmDynamic::PmsmDynamic(std::string name, std::shared_ptr<const PmsmModel> motor,
                         double unconnected_temperature)
    : PmsmComponentBase(std::move(name), std::move(motor), unconnected_temperature) {
  ETSIM_DEMAND(motor_ != nullptr, this->name() + ": PmsmDynamic needs a motor model");
  const double psi_m = motor_->flux_model().magnet_flux();
  const double nominal = std::max(psi_m, 1e-3);
  // Initial state: no current at the reference magnet temperature.
  add_state({"psi_d", "Wb", psi_m, nominal, 1e-9 * nominal, "d-axis flux linkage (peak)"});
  add_state({"psi_q", "Wb", 0.0, nominal, 1e-9 * nominal, "q-axis flux linkage (peak)"});
  require_index(add_input({"v_d", "V", "d-axis voltage (amplitude-invariant)"}), in_v_d_, "v_d");
  require_index(add_input({"v_q", "V", "q-axis voltage"}), in_v_q_, "v_q");
  declare_ports_and_common_outputs();
  // Outputs depend on the states and on speed and temperatures; only the electrical power reads
  // v_d, v_q (so an inverter computing v from i is not an algebraic loop).
  const int output_count = static_cast<int>(outputs().size());
  for (int output = 0; output < output_count; ++output) {
    for (int input : {in_speed_, in_winding_t_, in_magnet_t_}) add_feedthrough(output, input);
  }
  add_feedthrough(out_power_, in_v_d_);
  add_feedthrough(out_power_, in_v_q_);
}

// ---------------------------------------------------------------------------------------------------
PmsmQuasiStatic::PmsmQuasiStatic(std::string name, std::shared_ptr<const PmsmModel> motor,
                                 std::shared_ptr<const OperatingPointTable> table,
                                 double unconnected_temperature)
    : PmsmComponentBase(std::move(name), std::move(motor), unconnected_temperature),
      table_(std::move(table)) {
  ETSIM_DEMAND(motor_ != nullptr && table_ != nullptr,
               this->name() + ": PmsmQuasiStatic needs a motor model and an operating-point table");
  require_index(add_input({"torque_command", "N*m", "electromagnetic torque wanted"}),
                in_torque_command_, "torque_command");
  require_index(add_input({"dc_voltage", "V", "DC-link voltage (sets the voltage limit)"}),
                in_dc_voltage_, "dc_voltage");
  declare_ports_and_common_outputs();
  require_index(add_output({"v_d", "V", "steady-state d-axis voltage"}), out_v_d_, "v_d");
  require_index(add_output({"v_q", "V", "steady-state q-axis voltage"}), out_v_q_, "v_q");
  require_index(add_output({"power_factor", "1", "cos(phi) between v and i (< 0 generating)"}),
                out_power_factor_, "power_factor");
}

RhsStatus PmsmQuasiStatic::compute_outputs(const EvalContext& c) const {
  const PmsmModel& motor = *motor_;
  const double speed = c.u[in_speed_];
  const double command = c.u[in_torque_command_];
  if (!std::isfinite(speed) || !std::isfinite(command) || !std::isfinite(c.u[in_dc_voltage_])) {
    return RhsStatus::Recoverable;
  }
  OperatingConditions conditions{command, speed, temperature(c, in_winding_t_),
                                 temperature(c, in_magnet_t_)};
  const DqPair i = table_->current_reference(command, speed, c.u[in_dc_voltage_]);
  const OperatingPoint point = OperatingPointSolver(motor).evaluate(i.d, i.q, conditions);
  double* y = c.y;
  y[out_shaft_torque_] = point.shaft_torque;
  y[out_winding_heat_] = point.loss_copper;
  y[out_magnet_heat_] = point.loss_mechanical;
  y[out_iron_heat_] = point.loss_iron;
  y[out_torque_] = point.shaft_torque;
  y[out_torque_em_] = point.torque;
  y[out_speed_] = speed;
  y[out_id_] = i.d;
  y[out_iq_] = i.q;
  y[out_v_d_] = point.voltage_d;
  y[out_v_q_] = point.voltage_q;
  y[out_power_] = point.electrical_power;
  y[out_loss_copper_] = point.loss_copper;
  y[out_loss_iron_] = point.loss_iron;
  y[out_loss_mech_] = point.loss_mechanical;
  y[out_loss_total_] = point.loss_copper + point.loss_iron + point.loss_mechanical;
  y[out_power_factor_] = point.power_factor;
  y[out_winding_temperature_] = conditions.winding_temperature;
  y[out_magnet_temperature_] = conditions.magnet_temperature;
  return RhsStatus::Ok;
}

}  // namespace etsim
