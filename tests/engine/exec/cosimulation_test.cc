// Co-simulation master: a split run approaches the monolithic one as the communication step
// shrinks (first order with hold, second order with linear extrapolation), for Jacobi and
// Gauss-Seidel, and Jacobi on several threads gives the same bits as on one.
#include "engine/exec/cosimulation.h"

#include <gtest/gtest.h>

#include <cmath>

#include "models/control/thermostat.h"
#include "models/thermal/thermal_elements.h"
#include "tests/support/test_components.h"

namespace etsim {
namespace {

using thermal::FixedTemperature;
using thermal::ThermalConductance;
using thermal::ThermalMass;

using test_components::ConstantHeat;

// Hot mass a (heated) -- link -- mass b -- cooling -- ambient.
ModelBuilder two_masses() {
  ModelBuilder builder;
  builder.add(std::make_unique<ThermalMass>("a", 100.0, 300.0));
  builder.add(std::make_unique<ConstantHeat>("heater", 100.0));
  builder.add(std::make_unique<ThermalConductance>("link", 5.0));
  builder.add(std::make_unique<ThermalMass>("b", 200.0, 300.0));
  builder.add(std::make_unique<ThermalConductance>("cooling", 2.0));
  builder.add(std::make_unique<FixedTemperature>("ambient", 300.0));
  builder.connect("heater.node", "a.node");
  builder.connect("link.a", "a.node");
  builder.connect("link.b", "b.node");
  builder.connect("cooling.a", "b.node");
  builder.connect("cooling.b", "ambient.node");
  return builder;
}

SolverOptions tight(SolverMethod method) {
  SolverOptions options;
  options.method = method;
  options.relative_tolerance = 1e-11;
  options.absolute_tolerance = 1e-13;
  options.fixed_step = 1e-3;
  return options;
}

struct Temperatures {
  double a, b;
};

Temperatures monolithic(double t_end) {
  const ModelBuilder builder = two_masses();
  const Model model = builder.build();
  Simulator simulator(model, tight(SolverMethod::CvodeBdf), 0.0);
  simulator.advance_to(t_end);
  return {simulator.data().x[model.find_state("a/temperature")],
          simulator.data().x[model.find_state("b/temperature")]};
}

Temperatures split(double t_end, double h, CouplingScheme scheme, CouplingExtrapolation extrapolation,
                   int threads = 1) {
  const ModelBuilder builder = two_masses();
  std::vector<SubsystemSpec> parts = {
      {"hot", {"a", "heater", "link"}, tight(SolverMethod::RungeKutta4)},
      {"cold", {"b", "cooling", "ambient"}, tight(SolverMethod::CvodeBdf)}};
  CosimulationOptions options;
  options.communication_step = h;
  options.scheme = scheme;
  options.extrapolation = extrapolation;
  options.threads = threads;
  CosimulationMaster master(builder, parts, options, 0.0);
  master.advance_to(t_end);
  const auto views = master.views();
  const Model& hot = *views[0].model;
  const Model& cold = *views[1].model;
  return {views[0].data->x[hot.find_state("a/temperature")],
          views[1].data->x[cold.find_state("b/temperature")]};
}

double error(const Temperatures& x, const Temperatures& reference) {
  return std::max(std::abs(x.a - reference.a), std::abs(x.b - reference.b));
}

TEST(Cosimulation, ConvergesToMonolithicWithTheCommunicationStep) {
  const double t_end = 20.0;
  const Temperatures reference = monolithic(t_end);
  for (CouplingScheme scheme : {CouplingScheme::Jacobi, CouplingScheme::GaussSeidel}) {
    const double hold_coarse =
        error(split(t_end, 0.2, scheme, CouplingExtrapolation::Hold), reference);
    const double hold_fine =
        error(split(t_end, 0.1, scheme, CouplingExtrapolation::Hold), reference);
    const double linear_coarse =
        error(split(t_end, 0.2, scheme, CouplingExtrapolation::Linear), reference);
    const double linear_fine =
        error(split(t_end, 0.1, scheme, CouplingExtrapolation::Linear), reference);
    const char* name = scheme == CouplingScheme::Jacobi ? "jacobi" : "gauss_seidel";
    // First order with hold: halving H roughly halves the error.
    EXPECT_GT(hold_fine, 0.35 * hold_coarse) << name;
    EXPECT_LT(hold_fine, 0.65 * hold_coarse) << name;
    // Second order with linear extrapolation: halving H quarters the error.
    EXPECT_LT(linear_fine, 0.35 * linear_coarse) << name;
    // Stated agreement (docs/architecture.md): within 0.05 K at H = 0.1 s with linear coupling.
    EXPECT_LT(linear_fine, 0.05) << name;
    EXPECT_LT(linear_fine, hold_fine) << name;
  }
}

TEST(Cosimulation, JacobiOnTwoThreadsGivesTheSameBitsAsOnOne) {
  const Temperatures one = split(5.0, 0.05, CouplingScheme::Jacobi, CouplingExtrapolation::Linear, 1);
  const Temperatures two = split(5.0, 0.05, CouplingScheme::Jacobi, CouplingExtrapolation::Linear, 2);
  EXPECT_EQ(one.a, two.a);
  EXPECT_EQ(one.b, two.b);
}

TEST(Cosimulation, StateEventOnACoupledInputIsNotLost) {
  // The thermostat in the "cold" subsystem watches mass a of the "hot" one. With hold coupling its
  // input only changes at communication points, so the crossing happens in the exchange itself.
  for (CouplingScheme scheme : {CouplingScheme::Jacobi, CouplingScheme::GaussSeidel}) {
    ModelBuilder builder = two_masses();
    builder.add(std::make_unique<control::Thermostat>("thermostat", 305.0, 302.0));
    builder.connect("a.node.temperature", "thermostat.temperature");
    std::vector<SubsystemSpec> parts = {
        {"hot", {"a", "heater", "link"}, tight(SolverMethod::RungeKutta4)},
        {"cold", {"b", "cooling", "ambient", "thermostat"}, tight(SolverMethod::CvodeBdf)}};
    CosimulationOptions options;
    options.communication_step = 0.5;
    options.scheme = scheme;
    options.extrapolation = CouplingExtrapolation::Hold;
    CosimulationMaster master(builder, parts, options, 0.0);
    // Mass a starts at 300 K and warms at about 1 K/s: it passes 305 K within the first 10 s.
    master.advance_to(10.0);
    const auto views = master.views();
    const Model& cold = *views[1].model;
    const int thermostat = cold.find_component("thermostat");
    EXPECT_EQ(views[1].data->d[cold.layout(thermostat).discrete_offset], 1.0);
    EXPECT_GE(master.subsystem(1).event_stats().state_events, 1);
  }
}

TEST(Cosimulation, EveryComponentMustBelongToOneSubsystem) {
  const ModelBuilder builder = two_masses();
  std::vector<SubsystemSpec> parts = {{"hot", {"a", "heater", "link"}, tight(SolverMethod::RungeKutta4)},
                                      {"cold", {"b", "cooling"}, tight(SolverMethod::CvodeBdf)}};
  try {
    CosimulationMaster master(builder, parts, CosimulationOptions{}, 0.0);
    FAIL();
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("'ambient'"), std::string::npos) << error.what();
  }
}

}  // namespace
}  // namespace etsim
