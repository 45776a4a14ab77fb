// The model Jacobian assembled from component blocks (ModelSystem, model_system_jacobian.cc):
// every analytic block against central differences of its component, and the assembled whole
// against central differences of the whole right-hand side, for a network that mixes analytic
// components with one that gives no block (differentiated numerically on its own).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "engine/core/table1d.h"
#include "engine/exec/model_system.h"
#include "engine/exec/simulator.h"
#include "models/control/thermostat.h"
#include "models/electric/conduction_device.h"
#include "models/electric/dc_source.h"
#include "models/electric/table_current_load.h"
#include "models/thermal/coolant_radiator.h"
#include "models/thermal/foster_cauer.h"
#include "models/thermal/thermal_elements.h"

namespace etsim {
namespace {

// A mass that also radiates to 300 K surroundings (nonlinear), without an analytic block.
class RadiatingMass final : public Component {
 public:
  explicit RadiatingMass(std::string name) : Component(std::move(name)) {
    add_state({"temperature", "K", 330.0, 300.0, 0.0, ""});
    add_port("node", PortKind::Thermal, PortRole::A);
    set_direct_feedthrough(false);
  }
  std::string_view type_name() const override { return "RadiatingMass"; }
  RhsStatus compute_outputs(const EvalContext& c) const override {
    c.y[0] = c.x[0];
    return RhsStatus::Ok;
  }
  RhsStatus compute_derivatives(const EvalContext& c, double* xdot) const override {
    const double radiated = 5.67e-8 * 0.5 * (std::pow(c.x[0], 4) - std::pow(300.0, 4));
    xdot[0] = (c.u[0] - radiated) / 200.0;
    return RhsStatus::Ok;
  }
};

struct Point {
  double t = 0.0;
  std::vector<double> x, u;
};

// Compares a component's analytic block at a point with central differences of its equations.
void expect_block_matches_differences(const Component& component, Point point) {
  const int ns = static_cast<int>(component.states().size());
  const int ni = static_cast<int>(component.inputs().size());
  const int no = static_cast<int>(component.outputs().size());
  ASSERT_EQ(static_cast<int>(point.x.size()), ns) << component.name();
  ASSERT_EQ(static_cast<int>(point.u.size()), ni) << component.name();
  std::vector<double> discrete(component.discrete_states().size() + 1, 0.0);
  std::vector<double> work(std::max(1, component.workspace_size()), 0.0), y(no + 1), f(ns + 1);
  const auto evaluate = [&](std::vector<double>& outputs, std::vector<double>& derivatives) {
    const EvalContext context{point.t, point.x.data(), point.u.data(), y.data(), discrete.data(),
                              work.data()};
    ASSERT_EQ(component.compute_outputs(context), RhsStatus::Ok);
    if (ns > 0) {
      ASSERT_EQ(component.compute_derivatives(context, f.data()), RhsStatus::Ok);
    }
    outputs = y;
    derivatives = f;
  };
  std::vector<double> dy_dx(no * ns, 0.0), dy_du(no * ni, 0.0), df_dx(ns * ns, 0.0), df_du(ns * ni, 0.0);
  {
    std::vector<double> unused_y, unused_f;
    evaluate(unused_y, unused_f);  // outputs current, as the engine calls it
    const EvalContext context{point.t, point.x.data(), point.u.data(), y.data(), discrete.data(),
                              work.data()};
    ASSERT_TRUE(component.has_partial_derivatives()) << component.name();
    ASSERT_EQ(component.partial_derivatives(context, {dy_dx.data(), dy_du.data(), df_dx.data(), df_du.data()}),
              RhsStatus::Ok);
  }
  const auto check = [&](std::vector<double>& variable, int count, const std::vector<double>& dy,
                         const std::vector<double>& df, const char* what) {
    for (int j = 0; j < count; ++j) {
      const double saved = variable[j];
      const double step = 1e-6 * std::max(std::abs(saved), 1.0);
      std::vector<double> y_plus, f_plus, y_minus, f_minus;
      variable[j] = saved + step;
      evaluate(y_plus, f_plus);
      variable[j] = saved - step;
      evaluate(y_minus, f_minus);
      variable[j] = saved;
      for (int o = 0; o < no; ++o) {
        const double numeric = (y_plus[o] - y_minus[o]) / (2 * step);
        EXPECT_NEAR(dy[o * count + j], numeric, 1e-6 * std::max(1.0, std::abs(numeric)))
            << component.name() << ": d output " << component.outputs()[o].name << " / d " << what << " " << j;
      }
      for (int k = 0; k < ns; ++k) {
        const double numeric = (f_plus[k] - f_minus[k]) / (2 * step);
        EXPECT_NEAR(df[k * count + j], numeric, 1e-6 * std::max(1.0, std::abs(numeric)))
            << component.name() << ": d derivative " << k << " / d " << what << " " << j;
      }
    }
  };
  check(point.x, ns, dy_dx, df_dx, "state");
  check(point.u, ni, dy_du, df_du, "input");
}

const CauerNetwork& cauer() {
  static const CauerNetwork network = foster_to_cauer(
      FosterNetwork{{1.44e-3, 11.48e-3, 17.04e-3, 23.66e-3}, {0.5e-3, 4.9e-3, 35.1e-3, 56.6e-3}});
  return network;
}

TEST(JacobianBlocks, AnalyticBlocksMatchDifferencesOfTheirEquations) {
  using namespace thermal;
  expect_block_matches_differences(ThermalMass("mass", 450.0, 320.0), {0.0, {320.0}, {55.0}});
  expect_block_matches_differences(ThermalConductance("g", 20.0), {0.0, {}, {330.0, 300.0}});
  expect_block_matches_differences(FixedTemperature("fixed", 300.0), {0.0, {}, {12.0}});
  expect_block_matches_differences(CauerThermalNetwork("zth", cauer(), 320.0, 2.0),
                                   {0.0, {360.0, 350.0, 335.0, 325.0}, {180.0, 315.0}});
  CoolantRadiatorParameters radiator;
  for (double pump : {0.5, 1.5}) {  // pump command inside and beyond [0, 1]
    expect_block_matches_differences(CoolantRadiator("radiator", radiator), {0.0, {}, {320.0, pump}});
  }
  electric::ConductionDeviceParameters device;
  device.parallel_devices = 2.0;
  for (double current : {250.0, -250.0}) {
    expect_block_matches_differences(electric::ConductionDevice("igbt", device),
                                     {0.0, {}, {current, 350.0}});
  }
  electric::TableCurrentLoad load("load", Table1D({0.0, 10.0}, {0.0, 100.0}), false);
  expect_block_matches_differences(load, {4.0, {}, {398.0}});
  electric::DcSourceParameters source;
  expect_block_matches_differences(electric::DcSource("plain", source), {0.0, {}, {120.0}});
  source.dc_link_capacitance = 1e-3;
  expect_block_matches_differences(electric::DcSource("linked", source), {0.0, {395.0}, {120.0}});
  expect_block_matches_differences(control::Thermostat("thermostat", 320.0, 315.0), {0.0, {}, {318.0}});
}

// DC source, table load, conduction loss into a Cauer ladder, plate, coolant with radiator and
// thermostat, and a radiating mass without analytic block on the plate.
Model electro_thermal_network() {
  using namespace thermal;
  ModelBuilder builder;
  electric::DcSourceParameters source;
  source.dc_link_capacitance = 2e-3;
  builder.add(std::make_unique<electric::DcSource>("source", source));
  builder.add(std::make_unique<electric::TableCurrentLoad>(
      "load", Table1D({0.0, 100.0, 200.0}, {0.0, 400.0, 150.0}), false));
  builder.add(std::make_unique<electric::ConductionDevice>("igbt", electric::ConductionDeviceParameters{}));
  builder.add(std::make_unique<CauerThermalNetwork>("zth", cauer(), 320.0));
  builder.add(std::make_unique<ThermalMass>("plate", 450.0, 320.0));
  builder.add(std::make_unique<ThermalConductance>("convection", 20.0));
  builder.add(std::make_unique<ThermalMass>("coolant", 1760.0, 318.0));
  builder.add(std::make_unique<CoolantRadiator>("radiator", CoolantRadiatorParameters{}));
  builder.add(std::make_unique<control::Thermostat>("thermostat", 321.0, 318.0));
  builder.add(std::make_unique<RadiatingMass>("shield"));
  builder.add(std::make_unique<ThermalConductance>("shield_link", 3.0));
  builder.connect("source.dc", "load.dc");
  builder.connect("load.current", "igbt.current");
  builder.connect("igbt.junction", "zth.junction");
  builder.connect("zth.case", "plate.node");
  builder.connect("convection.a", "plate.node");
  builder.connect("convection.b", "coolant.node");
  builder.connect("radiator.coolant", "coolant.node");
  builder.connect("coolant.node.temperature", "thermostat.temperature");
  builder.connect("thermostat.command", "radiator.pump_command");
  builder.connect("shield_link.a", "plate.node");
  builder.connect("shield_link.b", "shield.node");
  return builder.build();
}

TEST(JacobianAssembly, AgreesWithDifferencesOfTheWholeRightHandSide) {
  const Model model = electro_thermal_network();
  RunData data = make_run_data(model);
  ModelSystem system(model, data, 1e-8, /*provide_jacobian=*/true, /*assemble_jacobian=*/true);
  ASSERT_TRUE(system.assembles_jacobian());
  const int n = model.state_size();
  std::vector<double> x(model.initial_state().begin(), model.initial_state().end());
  x[model.find_state("zth/junction_temperature")] = 372.0;  // a point away from equilibrium
  x[model.find_state("source/dc_link_voltage")] = 391.0;
  const double t = 60.0;
  std::vector<double> xdot(n), values(model.jacobian_pattern().nonzeros());
  ASSERT_EQ(system.derivatives(t, x.data(), xdot.data()), RhsStatus::Ok);
  ASSERT_EQ(system.jacobian(t, x.data(), xdot.data(), values.data()), RhsStatus::Ok);
  // Central differences of the whole right-hand side, column by column.
  std::vector<double> dense(n * n, 0.0), plus(n), minus(n);
  for (int j = 0; j < n; ++j) {
    std::vector<double> shifted = x;
    const double step = 1e-5 * std::max(std::abs(x[j]), 1.0);
    shifted[j] = x[j] + step;
    ASSERT_EQ(system.derivatives(t, shifted.data(), plus.data()), RhsStatus::Ok);
    shifted[j] = x[j] - step;
    ASSERT_EQ(system.derivatives(t, shifted.data(), minus.data()), RhsStatus::Ok);
    for (int i = 0; i < n; ++i) dense[i * n + j] = (plus[i] - minus[i]) / (2 * step);
  }
  const SparsityPattern& pattern = model.jacobian_pattern();
  std::vector<double> assembled(n * n, 0.0);
  for (int j = 0; j < n; ++j) {
    for (int k = pattern.column_start[j]; k < pattern.column_start[j + 1]; ++k) {
      assembled[pattern.row_index[k] * n + j] = values[k];
    }
  }
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j < n; ++j) {
      EXPECT_NEAR(assembled[i * n + j], dense[i * n + j], 1e-6 * std::max(1.0, std::abs(dense[i * n + j])))
          << model.state_name(i) << " / " << model.state_name(j);
    }
  }
  // Cross terms through the connections are there: the last Cauer node sees the plate through the
  // case temperature input, the plate the radiating shield through the link.
  EXPECT_GT(assembled[model.find_state("zth/node_4_temperature") * n + model.find_state("plate/temperature")], 0.0);
  EXPECT_GT(assembled[model.find_state("plate/temperature") * n + model.find_state("shield/temperature")], 0.0);
}

TEST(JacobianAssembly, CvodeWithTheModelJacobianReproducesItsOwnDifferencesRun) {
  const Model model = electro_thermal_network();
  SolverOptions own;  // CVODE BDF, dense, SUNDIALS' difference quotients
  own.relative_tolerance = 1e-8;
  SolverOptions assembled = own;
  assembled.jacobian = SolverOptions::JacobianSource::Model;
  Simulator a(model, own, 0.0), b(model, assembled, 0.0);
  a.advance_to(300.0);
  b.advance_to(300.0);
  for (int i = 0; i < model.state_size(); ++i) {
    EXPECT_NEAR(a.data().x[i], b.data().x[i], 1e-4) << model.state_name(i);
  }
  EXPECT_GT(b.solver_stats().jacobian_evaluations, 0);
  // SUNDIALS' own quotients cost n right-hand sides per Jacobian; the assembled one none.
  EXPECT_LT(b.solver_stats().rhs_evaluations, a.solver_stats().rhs_evaluations);
}

}  // namespace
}  // namespace etsim
