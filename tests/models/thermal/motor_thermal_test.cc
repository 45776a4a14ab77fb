// Motor LPTN: element values against hand formulas, correlations against published forms and
// limits, steady state against an independently assembled linear network, energy conservation,
// and allocation-free stepping of the component.
#include "models/thermal/motor_thermal.h"

#include <cmath>
#include <memory>
#include <numbers>

#include <Eigen/Dense>
#include <gtest/gtest.h>

#include "engine/core/error.h"
#include "engine/exec/simulator.h"
#include "engine/framework/component_type.h"
#include "engine/framework/model.h"
#include "models/thermal/register_motor_thermal.h"
#include "tests/support/allocation_counter.h"
#include "tests/support/test_components.h"

namespace etsim {
namespace {

constexpr double kPi = std::numbers::pi;

TEST(MotorThermal, CapacitancesAndConductancesFromGeometry) {
  const MotorThermalParameters p;
  const MotorThermalNetwork network(p);
  // Magnets: V rho c = 2.4e-4 * 7500 * 440.
  EXPECT_NEAR(network.capacitance()[kMagnetNode], 2.4e-4 * 7500 * 440, 1e-9);
  // End winding copper: 48 slots * 6 mm * 22 mm * 0.45 fill * 2 * 80 mm.
  const double copper_area = 48 * 0.006 * 0.022 * 0.45;
  EXPECT_NEAR(network.capacitance()[kEndWindingNode], copper_area * 0.16 * 8930 * 385, 1e-9);
  // Coolant in the jacket.
  EXPECT_NEAR(network.capacitance()[kCoolantNode], 4e-4 * 1060 * 3300, 1e-9);
  std::array<double, kMotorThermalEdgeCount> g;
  network.conductances(0.0, 0.1, g);
  // Winding-end winding: 2 k A / (L/2 + l_ew/2).
  EXPECT_NEAR(g[kWindingEndWinding], 2 * 390 * copper_area / (0.07 + 0.04), 1e-9);
  // Slot liner + winding interior over A = 48 (2*22 mm + 6 mm) * 140 mm.
  const double wall = 48 * 0.050 * 0.14;
  EXPECT_NEAR(g[kWindingTeeth], 1.0 / (0.3e-3 / (0.2 * wall) + 0.0015 / (0.8 * wall)), 1e-9);
  // Yoke half (cylinder), interface gap, housing half.
  const double r_yoke_mid = 0.5 * (0.097 + 0.115);
  const double expected_yoke_housing =
      1.0 / (std::log(0.115 / r_yoke_mid) / (2 * kPi * 28 * 0.14 * 0.97) +
             0.01e-3 / (0.03 * 2 * kPi * 0.115 * 0.14) + std::log(0.119 / 0.115) / (2 * kPi * 150 * 0.2));
  EXPECT_NEAR(g[kYokeHousing], expected_yoke_housing, 1e-9 * expected_yoke_housing);
  // Plausibility of the whole machine: 20..60 kg of active parts and housing.
  double total = 0.0;
  for (double c : network.capacitance()) total += c;
  EXPECT_GT(total, 10e3);
  EXPECT_LT(total, 40e3);
}

TEST(MotorThermal, JacketHtcFollowsGnielinskiAndRisesWithFlow) {
  MotorThermalParameters p;
  p.coolant_viscosity = 1e-3;
  p.coolant_specific_heat = 2800.0;
  p.coolant_conductivity = 0.4;  // Pr = 7
  const MotorThermalNetwork network(p);
  const double d_h = 2 * 0.012 * 0.008 / 0.020, area = 0.012 * 0.008;
  const double flow_re_1e4 = 1e4 * area * 1e-3 / d_h;
  EXPECT_NEAR(network.jacket_reynolds_number(flow_re_1e4), 1e4, 1e-8);
  // Gnielinski at Re = 1e4, Pr = 7: Nu = 79.49 (hand evaluation of the published formula).
  EXPECT_NEAR(network.jacket_heat_transfer_coefficient(flow_re_1e4) * d_h / 0.4, 79.49, 0.01);
  EXPECT_NEAR(network.jacket_heat_transfer_coefficient(0.0) * d_h / 0.4, 3.66, 1e-12);
  double previous = 0.0;
  for (double flow = 0.005; flow < 1.0; flow *= 1.1) {
    const double h = network.jacket_heat_transfer_coefficient(flow);
    EXPECT_GE(h, previous) << flow;
    previous = h;
  }
  // Continuous at the regime boundaries.
  for (double re : {2300.0, 1e4}) {
    const double flow = re * area * 1e-3 / d_h;
    EXPECT_NEAR(network.jacket_heat_transfer_coefficient(flow * (1 - 1e-9)),
                network.jacket_heat_transfer_coefficient(flow * (1 + 1e-9)), 1e-3);
  }
}

TEST(MotorThermal, AirGapConvectionBeckerKaye) {
  const MotorThermalParameters p;
  const MotorThermalNetwork network(p);
  // At rest: conduction across the gap, h = k / delta.
  EXPECT_NEAR(network.airgap_heat_transfer_coefficient(0.0), 0.03 / 0.0007, 1e-9);
  // Ta = w^2 r_m d^3 / nu^2; at w = 1000 rad/s: Nu = 0.409 Ta^0.241.
  const double r_m = 0.075 - 0.00035;
  const double taylor = 1e6 * r_m * std::pow(0.0007, 3) / 4e-10;
  EXPECT_NEAR(network.airgap_heat_transfer_coefficient(1000.0),
              0.409 * std::pow(taylor, 0.241) * 0.03 / 0.0014, 1e-9);
  // The three branches meet (within 2 %) at Ta = 1700 and 1e4.
  for (double ta : {1700.0, 1e4}) {
    const double speed = std::sqrt(ta * 4e-10 / (r_m * std::pow(0.0007, 3)));
    const double below = network.airgap_heat_transfer_coefficient(speed * (1 - 1e-9));
    const double above = network.airgap_heat_transfer_coefficient(speed * (1 + 1e-9));
    EXPECT_NEAR(below, above, 0.02 * above) << ta;
  }
  EXPECT_GT(network.end_space_heat_transfer_coefficient(1000.0),
            network.end_space_heat_transfer_coefficient(100.0));
  EXPECT_EQ(network.end_space_heat_transfer_coefficient(0.0), 15.0);
}

// Steady state solved independently: G T = P with the coolant stream as a conductance to T_in.
Eigen::VectorXd steady_state(const MotorThermalNetwork& network, const MotorThermalLosses& losses,
                             double speed, double flow, double inlet) {
  std::array<double, kMotorThermalEdgeCount> g;
  network.conductances(speed, flow, g);
  std::array<double, kMotorThermalNodeCount> heat;
  network.node_heat(losses, heat);
  Eigen::MatrixXd matrix = Eigen::MatrixXd::Zero(kMotorThermalNodeCount, kMotorThermalNodeCount);
  Eigen::VectorXd rhs(kMotorThermalNodeCount);
  for (int i = 0; i < kMotorThermalNodeCount; ++i) rhs[i] = heat[i];
  for (int e = 0; e < kMotorThermalEdgeCount; ++e) {
    const int a = motor_thermal_edges()[e][0], b = motor_thermal_edges()[e][1];
    matrix(a, a) += g[e];
    matrix(b, b) += g[e];
    matrix(a, b) -= g[e];
    matrix(b, a) -= g[e];
  }
  const double stream = flow * network.parameters().coolant_specific_heat;
  matrix(kCoolantNode, kCoolantNode) += stream;
  rhs[kCoolantNode] += stream * inlet;
  return matrix.lu().solve(rhs);
}

const MotorThermalLosses kLosses{1500.0, 1000.0, 200.0, 100.0, 200.0};  // ~continuous rating

TEST(MotorThermal, SteadyStateHandChecks) {
  const MotorThermalNetwork network(MotorThermalParameters{});
  const double flow = 0.14, inlet = 338.15, speed = 800.0;
  const Eigen::VectorXd t = steady_state(network, kLosses, speed, flow, inlet);
  const double total = 3000.0;
  std::array<double, kMotorThermalEdgeCount> g;
  network.conductances(speed, flow, g);
  // All heat leaves with the coolant and passes the housing-jacket interface.
  EXPECT_NEAR(t[kCoolantNode] - inlet, total / (flow * 3300.0), 1e-9);
  EXPECT_NEAR(t[kHousingNode] - t[kCoolantNode], total / g[kHousingCoolant], 1e-9);
  // The derivative of the network is zero there.
  std::array<double, kMotorThermalNodeCount> rate;
  const double to_coolant = network.derivatives(t.data(), kLosses, speed, flow, inlet, rate.data());
  EXPECT_NEAR(to_coolant, total, 1e-8);
  for (double r : rate) EXPECT_NEAR(r, 0.0, 1e-10);
  // Physically sensible ordering: the end winding or slot winding is the hottest node,
  // housing and coolant the coolest.
  EXPECT_GT(std::max(t[kWindingNode], t[kEndWindingNode]), t[kStatorTeethNode]);
  EXPECT_GT(t[kStatorTeethNode], t[kStatorYokeNode]);
  EXPECT_GT(t[kStatorYokeNode], t[kHousingNode]);
  std::printf("steady state [degC]:");
  for (int i = 0; i < kMotorThermalNodeCount; ++i) {
    std::printf(" %s %.1f", motor_thermal_node_name(i), t[i] - 273.15);
  }
  std::printf("\n");
}

TEST(MotorThermal, EnergyConservedExactlyByRungeKutta) {
  // sum C_i dT_i/dt + Q_coolant = P_in is linear in the derivatives, so every Runge-Kutta method
  // keeps sum C_i (T_i - T_i0) + E_coolant = P_in t to rounding, whatever the step.
  const MotorThermalNetwork network(MotorThermalParameters{});
  const auto& c = network.capacitance();
  std::array<double, kMotorThermalNodeCount + 1> x{};
  for (int i = 0; i < kMotorThermalNodeCount; ++i) x[i] = 320.0 + 3.0 * i;
  const auto initial = x;
  auto rhs = [&](const std::array<double, kMotorThermalNodeCount + 1>& state, double t) {
    std::array<double, kMotorThermalNodeCount + 1> rate{};
    const double speed = 300.0 + 3.0 * t;  // time-varying speed and flow: still conserved
    const double flow = 0.05 + 2e-4 * t;
    rate[kMotorThermalNodeCount] =
        network.derivatives(state.data(), kLosses, speed, flow, 330.0, rate.data());
    return rate;
  };
  const double h = 0.5;
  double t = 0.0;
  for (int step = 0; step < 600; ++step) {
    const auto k1 = rhs(x, t);
    auto y = x;
    for (std::size_t i = 0; i < x.size(); ++i) y[i] = x[i] + 0.5 * h * k1[i];
    const auto k2 = rhs(y, t + 0.5 * h);
    for (std::size_t i = 0; i < x.size(); ++i) y[i] = x[i] + 0.5 * h * k2[i];
    const auto k3 = rhs(y, t + 0.5 * h);
    for (std::size_t i = 0; i < x.size(); ++i) y[i] = x[i] + h * k3[i];
    const auto k4 = rhs(y, t + h);
    for (std::size_t i = 0; i < x.size(); ++i) x[i] += h / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
    t += h;
  }
  double stored = 0.0;
  for (int i = 0; i < kMotorThermalNodeCount; ++i) stored += c[i] * (x[i] - initial[i]);
  const double energy_in = 3000.0 * t;
  EXPECT_NEAR(stored + x[kMotorThermalNodeCount], energy_in, 1e-9 * energy_in);
  EXPECT_GT(x[kMotorThermalNodeCount], 0.2 * energy_in);  // a real share went to the coolant
}

TEST(MotorThermal, RejectsBadParameters) {
  MotorThermalParameters p;
  p.slot_depth = 0.05;  // no room for the yoke
  EXPECT_THROW(MotorThermalNetwork{p}, InputError);
  p = MotorThermalParameters{};
  p.slot_width = 0.02;  // teeth of negative width
  EXPECT_THROW(MotorThermalNetwork{p}, InputError);
  p = MotorThermalParameters{};
  p.coolant_viscosity = 0.0;
  EXPECT_THROW(MotorThermalNetwork{p}, InputError);
  p = MotorThermalParameters{};
  p.teeth_loss_fraction = 1.5;
  EXPECT_THROW(MotorThermalNetwork{p}, InputError);
}

// --- Component in a model --------------------------------------------------------------------------

using test_components::ConstantHeat;

class CoolantAndSpeed final : public Component {
 public:
  CoolantAndSpeed(std::string name, double flow, double temperature, double speed)
      : Component(std::move(name)), flow_(flow), temperature_(temperature), speed_(speed) {
    add_port("out", PortKind::Coolant, PortRole::A);
    add_output({"speed", "rad/s", ""});
    set_direct_feedthrough(false);
  }
  std::string_view type_name() const override { return "CoolantAndSpeed"; }
  RhsStatus compute_outputs(const EvalContext& c) const override {
    c.y[0] = flow_;
    c.y[1] = temperature_;
    c.y[2] = speed_;
    return RhsStatus::Ok;
  }

 private:
  double flow_, temperature_, speed_;
};

Model build_motor_model() {
  ComponentRegistry registry;
  register_motor_thermal_components(registry);
  const ComponentType& type = registry.get("MotorThermalNetwork");
  ParameterValues values;
  values.set_number("initial_temperature", 338.15);
  ModelBuilder builder;
  builder.add(type.create("motor_thermal", type.complete("motor_thermal", values)));
  builder.add(std::make_unique<CoolantAndSpeed>("supply", 0.14, 338.15, 800.0));
  builder.connect("supply.out", "motor_thermal.coolant_in");
  builder.connect("supply.speed", "motor_thermal.speed");
  builder.allow_unconnected("motor_thermal.coolant_out");
  const std::pair<const char*, double> sources[] = {
      {"winding", 1500.0}, {"stator_iron", 1000.0}, {"rotor", 200.0}, {"magnets", 100.0},
      {"mechanical", 200.0}};
  for (const auto& [port, power] : sources) {
    builder.add(std::make_unique<ConstantHeat>(std::string("loss_") + port, power));
    builder.connect(std::string("loss_") + port + ".node", std::string("motor_thermal.") + port);
  }
  return builder.build();
}

TEST(MotorThermalComponent, SteadyStateThroughTheEngineMatchesLinearSolve) {
  const Model model = build_motor_model();
  SolverOptions options;
  options.method = SolverMethod::CvodeBdf;
  options.relative_tolerance = 1e-10;
  options.absolute_tolerance = 1e-10;
  Simulator simulator(model, options, 0.0);
  simulator.advance_to(20000.0);
  const auto& component = dynamic_cast<const MotorThermalComponent&>(
      model.component(model.find_component("motor_thermal")));
  const Eigen::VectorXd expected =
      steady_state(component.network(), kLosses, 800.0, 0.14, 338.15);
  for (int i = 0; i < kMotorThermalNodeCount; ++i) {
    const int output = model.find_output("motor_thermal/" + std::string(motor_thermal_node_name(i)) +
                                         "_temperature");
    ASSERT_GE(output, 0);
    EXPECT_NEAR(simulator.data().y[output], expected[i], 1e-5) << motor_thermal_node_name(i);
  }
  EXPECT_NEAR(simulator.data().y[model.find_output("motor_thermal/heat_to_coolant")], 3000.0, 1e-3);
}

TEST(MotorThermalComponent, FixedStepSteppingAllocatesNothing) {
  const Model model = build_motor_model();
  SolverOptions options;
  options.method = SolverMethod::RungeKutta4;
  options.fixed_step = 0.05;
  Simulator simulator(model, options, 0.0);
  simulator.advance_to(1.0);
  AllocationCounter counter;
  double t = 1.0;
  for (int i = 0; i < 1000; ++i) simulator.advance_to(t += 0.05);
  EXPECT_EQ(counter.count(), 0);
  // Energy bookkeeping through the engine outputs: stored heat rises while the motor warms up.
  EXPECT_GT(simulator.data().y[model.find_output("motor_thermal/stored_heat")], 0.0);
}

}  // namespace
}  // namespace etsim
