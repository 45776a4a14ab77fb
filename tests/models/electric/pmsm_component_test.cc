// PmsmDynamic and PmsmQuasiStatic through the engine (ModelBuilder + Simulator), and the registry.
#include "models/electric/pmsm_component.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "engine/core/error.h"
#include "engine/exec/simulator.h"
#include "engine/framework/component_type.h"
#include "models/electric/pmsm_map_file.h"
#include "models/electric/register_motor.h"
#include "models/thermal/thermal_elements.h"

namespace etsim {
namespace {

constexpr double kLd = 1.2e-3, kLq = 3.0e-3, kPsiM = 0.12;

// Constant speed imposed on a shaft (an infinitely stiff load): Rotational role A.
class SpeedSource final : public Component {
 public:
  SpeedSource(std::string name, double speed) : Component(std::move(name)), speed_(speed) {
    add_port("shaft", PortKind::Rotational, PortRole::A);
    set_direct_feedthrough(false);
  }
  std::string_view type_name() const override { return "SpeedSource"; }
  RhsStatus compute_outputs(const EvalContext& c) const override {
    c.y[0] = speed_;
    return RhsStatus::Ok;
  }

 private:
  double speed_;
};

// Constant signals; the unit is read from the name ("v_*": V, "torque": N*m, "dc": V).
std::string unit_of(const std::string& signal) {
  if (signal == "torque") return "N*m";
  if (signal == "dc" || signal.rfind("v_", 0) == 0) return "V";
  if (signal == "shaft") return "N*m";
  return "W";
}

class Constants final : public Component {
 public:
  Constants(std::string name, std::vector<std::pair<std::string, double>> values)
      : Component(std::move(name)), values_(std::move(values)) {
    for (const auto& [signal, value] : values_) add_output({signal, unit_of(signal), ""});
    set_direct_feedthrough(false);
  }
  std::string_view type_name() const override { return "Constants"; }
  RhsStatus compute_outputs(const EvalContext& c) const override {
    for (std::size_t k = 0; k < values_.size(); ++k) c.y[k] = values_[k].second;
    return RhsStatus::Ok;
  }

 private:
  std::vector<std::pair<std::string, double>> values_;
};

// Integrates its inputs (energy meters): x_k' = u_k.
class Integrators final : public Component {
 public:
  Integrators(std::string name, const std::vector<std::string>& signals) : Component(std::move(name)) {
    for (const std::string& s : signals) {
      add_state({s, "1", 0.0, 1.0, 1e-12, ""});
      add_input({s, unit_of(s), ""});
    }
    set_direct_feedthrough(false);
  }
  std::string_view type_name() const override { return "Integrators"; }
  RhsStatus compute_derivatives(const EvalContext& c, double* xdot) const override {
    for (std::size_t k = 0; k < states().size(); ++k) xdot[k] = c.u[k];
    return RhsStatus::Ok;
  }
};

std::shared_ptr<const PmsmModel> linear_motor(double iron_h = 300.0, double iron_e = 500.0) {
  PmsmParameters p;
  p.pole_pairs = 4;
  p.resistance_20 = 0.1;
  p.iron = {iron_h, iron_e, 400.0, 0.12};
  p.mechanical = {0.2, 1e-3, 2e-6, 1.0};
  return std::make_shared<const PmsmModel>(p, FluxLinkageModel::linear(kLd, kLq, kPsiM));
}

SolverOptions rk4(double step) {
  SolverOptions options;
  options.method = SolverMethod::RungeKutta4;
  options.fixed_step = step;
  return options;
}

double output(const Simulator& sim, const std::string& name) {
  const int index = sim.model().find_output(name);
  EXPECT_GE(index, 0) << name;
  return index >= 0 ? sim.data().y[index] : std::nan("");
}

double state(const Simulator& sim, const std::string& name) {
  const int index = sim.model().find_state(name);
  EXPECT_GE(index, 0) << name;
  return index >= 0 ? sim.data().x[index] : std::nan("");
}

TEST(PmsmComponentTest, DynamicSteadyStateTorqueIdentityAndLossTorques) {
  const auto motor = linear_motor();
  const double speed = 150.0, we = 4 * speed, r = 0.1, vd = -60.0, vq = 90.0;
  ModelBuilder builder;
  builder.add(std::make_unique<PmsmDynamic>("motor", motor));
  builder.add(std::make_unique<SpeedSource>("load", speed));
  builder.add(std::make_unique<Constants>("supply", std::vector<std::pair<std::string, double>>{
                                                       {"v_d", vd}, {"v_q", vq}}));
  builder.connect("motor.shaft", "load.shaft");
  builder.connect("supply.v_d", "motor.v_d");
  builder.connect("supply.v_q", "motor.v_q");
  for (const char* port : {"motor.winding", "motor.magnet", "motor.stator_iron"}) {
    builder.allow_unconnected(port);
  }
  const Model model = builder.build();
  Simulator sim(model, rk4(5e-6), 0.0);
  sim.advance_to(0.3);  // 12 electrical time constants L_q / R
  const double det = r * r + we * we * kLd * kLq;
  const double id = (r * vd + we * kLq * (vq - we * kPsiM)) / det;
  const double iq = (r * (vq - we * kPsiM) - we * kLd * vd) / det;
  EXPECT_NEAR(output(sim, "motor/id"), id, 1e-6 * std::abs(id));
  EXPECT_NEAR(output(sim, "motor/iq"), iq, 1e-6 * std::abs(iq));
  // Torque identity against the states.
  const double psi_d = state(sim, "motor/psi_d"), psi_q = state(sim, "motor/psi_q");
  const double i_d = output(sim, "motor/id"), i_q = output(sim, "motor/iq");
  const double torque_em = 1.5 * 4 * (psi_d * i_q - psi_q * i_d);
  EXPECT_NEAR(output(sim, "motor/torque_electromagnetic"), torque_em, 1e-12 * std::abs(torque_em));
  const PmsmLosses losses = motor->losses(speed, {psi_d, psi_q}, {i_d, i_q}, 293.15);
  const double shaft = torque_em - losses.iron_torque - losses.mechanical_torque;
  EXPECT_NEAR(output(sim, "motor/torque"), shaft, 1e-12 * std::abs(shaft));
  EXPECT_NEAR(output(sim, "motor/shaft.torque"), shaft, 1e-12 * std::abs(shaft));
  EXPECT_NEAR(output(sim, "motor/loss_total"),
              losses.copper + losses.iron + losses.mechanical, 1e-9);
  EXPECT_NEAR(output(sim, "motor/speed"), speed, 0.0);
}

TEST(PmsmComponentTest, DynamicEnergyBalanceOverTransient) {
  const auto motor = linear_motor();
  const double speed = 300.0;
  ModelBuilder builder;
  builder.add(std::make_unique<PmsmDynamic>("motor", motor));
  builder.add(std::make_unique<SpeedSource>("load", speed));
  builder.add(std::make_unique<Constants>("supply", std::vector<std::pair<std::string, double>>{
                                                       {"v_d", -80.0}, {"v_q", 200.0}}));
  builder.add(std::make_unique<Integrators>(
      "meter", std::vector<std::string>{"electrical", "copper", "iron", "mechanical"}));
  builder.add(std::make_unique<Integrators>("shaft_meter", std::vector<std::string>{"shaft"}));
  builder.connect("motor.shaft", "load.shaft");
  builder.connect("supply.v_d", "motor.v_d");
  builder.connect("supply.v_q", "motor.v_q");
  builder.connect("motor.electrical_power", "meter.electrical");
  builder.connect("motor.loss_copper", "meter.copper");
  builder.connect("motor.loss_iron", "meter.iron");
  builder.connect("motor.loss_mechanical", "meter.mechanical");
  // Shaft power T * omega at constant speed: integrate the torque and multiply afterwards.
  builder.connect("motor.torque", "shaft_meter.shaft");
  for (const char* port : {"motor.winding", "motor.magnet", "motor.stator_iron"}) {
    builder.allow_unconnected(port);
  }
  const Model model = builder.build();
  Simulator sim(model, rk4(1e-6), 0.0);
  const double w0 = motor->flux_model().magnetic_energy(kPsiM, 0.0, 0.0);
  sim.advance_to(0.02);
  const double w1 =
      motor->flux_model().magnetic_energy(state(sim, "motor/psi_d"), state(sim, "motor/psi_q"), 0.0);
  const double e_in = state(sim, "meter/electrical");
  const double e_out = state(sim, "shaft_meter/shaft") * speed + state(sim, "meter/copper") +
                       state(sim, "meter/iron") + state(sim, "meter/mechanical") + (w1 - w0);
  EXPECT_GT(std::abs(w1 - w0), 0.01 * std::abs(e_in));
  EXPECT_GT(state(sim, "meter/iron"), 0.0);
  EXPECT_NEAR(e_out, e_in, 1e-7 * std::abs(e_in));
}

TEST(PmsmComponentTest, WindingAndMagnetTemperaturesFromThermalPorts) {
  const auto motor = linear_motor();
  ModelBuilder builder;
  builder.add(std::make_unique<PmsmDynamic>("motor", motor));
  builder.add(std::make_unique<SpeedSource>("load", 100.0));
  builder.add(std::make_unique<Constants>("supply", std::vector<std::pair<std::string, double>>{
                                                       {"v_d", -20.0}, {"v_q", 60.0}}));
  builder.add(std::make_unique<thermal::FixedTemperature>("winding_node", 393.15));
  builder.add(std::make_unique<thermal::FixedTemperature>("rotor_node", 393.15));
  builder.add(std::make_unique<thermal::FixedTemperature>("iron_node", 353.15));
  builder.connect("motor.shaft", "load.shaft");
  builder.connect("supply.v_d", "motor.v_d");
  builder.connect("supply.v_q", "motor.v_q");
  builder.connect("motor.winding", "winding_node.node");
  builder.connect("motor.magnet", "rotor_node.node");
  builder.connect("motor.stator_iron", "iron_node.node");
  const Model model = builder.build();
  Simulator sim(model, rk4(5e-6), 0.0);
  sim.advance_to(5e-6);
  // Hot magnets (+100 K, -12 % flux): the initial flux psi_m(20 C) now means a positive i_d.
  const double psi_d = state(sim, "motor/psi_d");
  EXPECT_NEAR(output(sim, "motor/id"), (psi_d - 0.88 * kPsiM) / kLd, 1e-6);
  sim.advance_to(0.3);
  const double i_d = output(sim, "motor/id"), i_q = output(sim, "motor/iq");
  const double copper = 1.5 * 0.1 * (1 + 3.93e-3 * 100) * (i_d * i_d + i_q * i_q);
  EXPECT_NEAR(output(sim, "motor/loss_copper"), copper, 1e-9 * copper);
  // Heat leaves as positive flows into the thermal nodes.
  EXPECT_NEAR(output(sim, "winding_node/heat_absorbed"), copper, 1e-9 * copper);
  EXPECT_NEAR(output(sim, "iron_node/heat_absorbed"), output(sim, "motor/loss_iron"), 1e-12);
  EXPECT_NEAR(output(sim, "rotor_node/heat_absorbed"), output(sim, "motor/loss_mechanical"), 1e-12);
  EXPECT_GT(output(sim, "motor/loss_iron"), 0.0);
  // Steady state at 120 C: v_q = R(T) i_q + omega_e (L_d i_d + 0.88 psi_m).
  const double we = 400.0;
  EXPECT_NEAR(60.0, 0.1 * 1.393 * i_q + we * (kLd * i_d + 0.88 * kPsiM), 1e-6);
}

ParameterValues defaults(const ComponentType& type, bool with_map) {
  ParameterValues given;
  if (type.type_name != "PmsmDynamic") {  // a coarser table keeps the test fast
    given.set_number("table_speed_points", 41);
    given.set_number("table_torque_points", 31);
  }
  if (with_map) {
    const FluxMapData map = read_flux_map_csv(std::string(ETSIM_SOURCE_DIR) +
                                              "/scenarios/data/motor/motor_prius_ipmsm_flux_map.csv");
    given.set_table("flux_map", Table{{"i_d", "i_q", "psi_d", "psi_q"},
                                      {map.current_d, map.current_q, map.flux_d, map.flux_q},
                                      "motor_prius_ipmsm_flux_map.csv"});
  }
  return type.complete("motor", given);
}

TEST(PmsmComponentTest, QuasiStaticDeliversCommandWithConsistentPowers) {
  ComponentRegistry registry;
  register_motor_components(registry);
  const ComponentType& type = registry.get("PmsmQuasiStatic");
  for (bool with_map : {false, true}) {
    ModelBuilder builder;
    builder.add(type.create("motor", defaults(type, with_map)));
    const double speed = 600.0;  // 5730 rpm, above base speed of the 800 V machine at full torque
    builder.add(std::make_unique<SpeedSource>("load", speed));
    builder.add(std::make_unique<Constants>(
        "command", std::vector<std::pair<std::string, double>>{{"torque", 250.0}, {"dc", 800.0}}));
    builder.connect("motor.shaft", "load.shaft");
    builder.connect("command.torque", "motor.torque_command");
    builder.connect("command.dc", "motor.dc_voltage");
    for (const char* port : {"motor.winding", "motor.magnet", "motor.stator_iron"}) {
      builder.allow_unconnected(port);
    }
    const Model model = builder.build();
    Simulator sim(model, rk4(1e-3), 0.0);
    sim.advance_to(1e-3);
    const double torque_em = output(sim, "motor/torque_electromagnetic");
    // 41 x 31 table: interpolation error measured 0.66 % with the map (the default 61 x 41 is finer).
    EXPECT_NEAR(torque_em, 250.0, 0.01 * 250.0) << "map " << with_map;
    const double p_el = output(sim, "motor/electrical_power");
    // Steady state: P_el = P_cu + T_em omega (iron and mechanical losses come out of T_em).
    EXPECT_NEAR(p_el, output(sim, "motor/loss_copper") + torque_em * speed, 1e-9 * p_el);
    EXPECT_NEAR(output(sim, "motor/torque") * speed,
                torque_em * speed - output(sim, "motor/loss_iron") - output(sim, "motor/loss_mechanical"),
                1e-6 * p_el);
    const double v = std::hypot(output(sim, "motor/v_d"), output(sim, "motor/v_q"));
    EXPECT_LT(v, 1.0 * 800.0 / std::sqrt(3.0));  // inside the linear modulation range
    EXPECT_GT(output(sim, "motor/power_factor"), 0.5);
    // Roughly 150 kW at the shaft with about 95 % efficiency: a sanity check of the defaults.
    const double efficiency = output(sim, "motor/torque") * speed / p_el;
    EXPECT_GT(efficiency, 0.9);
    EXPECT_LT(efficiency, 0.99);
  }
}

TEST(PmsmComponentTest, RegistryCreatesTypesAndRejectsBadParameters) {
  ComponentRegistry registry;
  register_motor_components(registry);
  for (const char* name : {"PmsmDynamic", "PmsmQuasiStatic", "FocController"}) {
    ASSERT_NE(registry.find(name), nullptr) << name;
  }
  const ComponentType& type = registry.get("PmsmDynamic");
  auto motor = type.create("motor", defaults(type, true));
  EXPECT_EQ(motor->type_name(), "PmsmDynamic");
  EXPECT_NEAR(motor->states()[0].initial, 0.5 * 0.75 * 0.2201, 1e-4);  // k_N k_L scaled map
  ParameterValues bad;
  bad.set_number("pole_pairs", 2.5);
  EXPECT_THROW(type.create("motor", type.complete("motor", bad)), InputError);
  ParameterValues negative;
  negative.set_number("stator_resistance", -1.0);
  EXPECT_THROW(type.complete("motor", negative), InputError);
}

}  // namespace
}  // namespace etsim
