// Inverter average model: modulation limit, dead-time voltage error, exact DC power balance, SiC vs
// IGBT efficiency at part load, the component in a built model (steady state against the
// self-consistent hand solution, allocation-free fixed-step stepping), and registration.
#include "models/electric/inverter.h"

#include <cmath>
#include <memory>
#include <numbers>

#include <gtest/gtest.h>

#include "engine/exec/simulator.h"
#include "engine/framework/component_type.h"
#include "engine/framework/model.h"
#include "models/electric/inverter_cold_plate.h"
#include "models/electric/register_inverter.h"
#include "models/thermal/foster_cauer.h"
#include "models/thermal/thermal_elements.h"
#include "tests/models/electric/power_device_test_data.h"
#include "tests/support/allocation_counter.h"

namespace etsim {
namespace {

constexpr double kCelsius = 273.15;

std::shared_ptr<const PowerDevice> fuji() {
  static const auto device = std::make_shared<const PowerDevice>(test_data::fuji_igbt_data());
  return device;
}
std::shared_ptr<const PowerDevice> wolfspeed() {
  static const auto device = std::make_shared<const PowerDevice>(test_data::wolfspeed_sic_data());
  return device;
}

InverterInputs motoring_point(double temperature) {
  InverterInputs in;
  in.dc_voltage = 400.0;
  in.v_d_ref = -80.0;
  in.v_q_ref = 180.0;
  in.i_d = -120.0;
  in.i_q = 250.0;
  in.switch_temperature.fill(temperature);
  in.diode_temperature.fill(temperature);
  return in;
}

TEST(Inverter, PowerBalanceIsExact) {
  for (const auto& device : {fuji(), wolfspeed()}) {
    InverterOutputs out;
    ASSERT_TRUE(evaluate_inverter(*device, InverterParameters{}, motoring_point(360.0), out));
    EXPECT_NEAR(out.dc_power, out.ac_power + out.loss_total, 1e-12 * out.dc_power);
    EXPECT_NEAR(out.dc_current * 400.0, out.dc_power, 1e-12 * out.dc_power);
    EXPECT_NEAR(out.ac_power, 1.5 * (out.v_d * -120.0 + out.v_q * 250.0), 1e-9);
    EXPECT_NEAR(out.loss_total, out.loss_conduction + out.loss_switching, 1e-12 * out.loss_total);
    // Port heat flows are one switch position per phase; the total counts two per phase.
    double port_heat = 0.0;
    for (int k = 0; k < 3; ++k) port_heat += out.switch_heat[k] + out.diode_heat[k];
    EXPECT_NEAR(2.0 * port_heat, out.loss_total, 1e-12 * out.loss_total);
    EXPECT_GT(out.loss_total, 0.0);
  }
  // Generating (power flows back into the DC link): the balance still holds, P_dc < 0.
  InverterInputs regen = motoring_point(360.0);
  regen.i_q = -250.0;
  InverterOutputs out;
  ASSERT_TRUE(evaluate_inverter(*fuji(), InverterParameters{}, regen, out));
  EXPECT_LT(out.ac_power, 0.0);
  EXPECT_NEAR(out.dc_power, out.ac_power + out.loss_total, 1e-12 * std::abs(out.dc_power));
}

TEST(Inverter, SvpwmVoltageLimit) {
  InverterParameters parameters;
  parameters.dead_time = 0.0;
  InverterInputs in = motoring_point(350.0);
  in.v_d_ref = -300.0;
  in.v_q_ref = 400.0;  // |v| = 500 V > 400/√3 = 230.9 V
  InverterOutputs out;
  ASSERT_TRUE(evaluate_inverter(*fuji(), parameters, in, out));
  EXPECT_NEAR(std::hypot(out.v_d, out.v_q), 400.0 / std::sqrt(3.0), 1e-9);
  EXPECT_NEAR(out.v_q / out.v_d, 400.0 / -300.0, 1e-12);  // direction kept
  EXPECT_EQ(out.voltage_limited, 1.0);
  EXPECT_NEAR(out.modulation_index, 2.0 / std::sqrt(3.0), 1e-12);
  in.v_d_ref = -30.0;
  in.v_q_ref = 40.0;
  ASSERT_TRUE(evaluate_inverter(*fuji(), parameters, in, out));
  EXPECT_EQ(out.voltage_limited, 0.0);
  EXPECT_NEAR(out.v_d, -30.0, 1e-12);
  EXPECT_NEAR(out.modulation_index, 50.0 / 200.0, 1e-12);
}

TEST(Inverter, DeadTimeVoltageErrorOpposesCurrent) {
  InverterParameters parameters;
  parameters.dead_time = 2e-6;
  parameters.switching_frequency = 10e3;
  parameters.dead_time_current_width = 1e-3;  // sharp: |i| >> I_w
  InverterInputs in = motoring_point(350.0);
  InverterOutputs out;
  ASSERT_TRUE(evaluate_inverter(*fuji(), parameters, in, out));
  const double expected = 4.0 / std::numbers::pi * 2e-6 * 10e3 * 400.0;  // 10.19 V
  const double error_d = out.v_d - in.v_d_ref, error_q = out.v_q - in.v_q_ref;
  EXPECT_NEAR(std::hypot(error_d, error_q), expected, 1e-6);
  // Antiparallel to the current vector.
  EXPECT_NEAR((error_d * in.i_d + error_q * in.i_q) / (expected * std::hypot(in.i_d, in.i_q)), -1.0,
              1e-9);
  // The smoothed sign(i) makes the error vanish continuously at zero current.
  in.i_d = in.i_q = 0.0;
  ASSERT_TRUE(evaluate_inverter(*fuji(), parameters, in, out));
  EXPECT_EQ(out.v_d, in.v_d_ref);
}

TEST(Inverter, SicMoreEfficientThanIgbtAtPartLoad) {
  // About 30 kW to the machine at a 6000 rpm-like point: |v| ~ 190 V, |i| ~ 110 A peak, 400 V link,
  // both at 10 kHz, junctions at 80 degC; dead times typical for each technology.
  InverterInputs in;
  in.dc_voltage = 400.0;
  in.v_d_ref = -60.0;
  in.v_q_ref = 180.0;
  in.i_d = -30.0;
  in.i_q = 100.0;
  in.switch_temperature.fill(80.0 + kCelsius);
  in.diode_temperature.fill(80.0 + kCelsius);
  InverterParameters igbt_parameters, sic_parameters;
  igbt_parameters.dead_time = 1.5e-6;
  sic_parameters.dead_time = 0.3e-6;
  InverterOutputs igbt, sic;
  ASSERT_TRUE(evaluate_inverter(*fuji(), igbt_parameters, in, igbt));
  ASSERT_TRUE(evaluate_inverter(*wolfspeed(), sic_parameters, in, sic));
  EXPECT_GT(igbt.ac_power, 25e3);
  EXPECT_LT(igbt.ac_power, 35e3);
  const double igbt_efficiency = igbt.ac_power / igbt.dc_power;
  const double sic_efficiency = sic.ac_power / sic.dc_power;
  EXPECT_GT(sic_efficiency, igbt_efficiency);
  // Physically: the IGBT's knee voltage (~0.7 V) dominates at part load, the MOSFET has none.
  EXPECT_LT(sic.loss_conduction, 0.7 * igbt.loss_conduction);
  RecordProperty("igbt_loss_W", std::to_string(igbt.loss_total));
  RecordProperty("sic_loss_W", std::to_string(sic.loss_total));
  std::printf("30 kW point: IGBT loss %.1f W (eta %.4f), SiC loss %.1f W (eta %.4f)\n",
              igbt.loss_total, igbt_efficiency, sic.loss_total, sic_efficiency);
}

TEST(Inverter, SicBodyDiodeLossGoesToTheSwitchJunction) {
  // A MOSFET inverter has only switch ports; their heat is channel + body diode loss.
  const Inverter sic("inv", wolfspeed(), InverterParameters{});
  EXPECT_NE(sic.find_port("switch_a"), nullptr);
  EXPECT_EQ(sic.find_port("diode_a"), nullptr);
  InverterInputs in = motoring_point(360.0);
  InverterOutputs out;
  ASSERT_TRUE(evaluate_inverter(*wolfspeed(), InverterParameters{}, in, out));
  LossOperatingPoint point;
  point.dc_voltage = 400.0;
  point.peak_current = std::hypot(in.i_d, in.i_q);
  point.modulation_index = out.modulation_index;
  point.power_factor = (in.v_d_ref * in.i_d + in.v_q_ref * in.i_q) /
                       (std::hypot(in.v_d_ref, in.v_q_ref) * point.peak_current);
  point.switching_frequency = 10e3;
  point.dead_time = 1e-6;
  point.switch_temperature = 360.0;
  const DeviceLosses losses = average_device_losses(*wolfspeed(), point);
  EXPECT_GT(losses.diode_conduction, 0.0);  // body diode during the dead time
  EXPECT_NEAR(out.switch_heat[0], losses.total(), 1e-9 * losses.total());
  EXPECT_EQ(out.diode_heat[0], 0.0);
}

TEST(Inverter, RejectsBadInput) {
  InverterOutputs out;
  InverterInputs in = motoring_point(350.0);
  in.dc_voltage = std::nan("");
  EXPECT_FALSE(evaluate_inverter(*fuji(), InverterParameters{}, in, out));
  in = motoring_point(350.0);
  in.switch_temperature[1] = -5.0;
  EXPECT_FALSE(evaluate_inverter(*fuji(), InverterParameters{}, in, out));
  InverterParameters bad;
  bad.switching_frequency = -1.0;
  EXPECT_THROW(Inverter("inv", fuji(), bad), InputError);
  bad = InverterParameters{};
  bad.dead_time = 1e-4;  // 2 t_d f_sw = 2
  EXPECT_THROW(Inverter("inv", fuji(), bad), InputError);
}

// --- The component in a model ---------------------------------------------------------------------

// Fixed DC voltage (role A Source) and constant dq commands/currents.
class FixedDcLink final : public Component {
 public:
  FixedDcLink(std::string name, double voltage) : Component(std::move(name)), voltage_(voltage) {
    add_port("dc", PortKind::ElectricalDc, PortRole::A);
    set_direct_feedthrough(false);
  }
  std::string_view type_name() const override { return "FixedDcLink"; }
  RhsStatus compute_outputs(const EvalContext& c) const override {
    c.y[0] = voltage_;
    return RhsStatus::Ok;
  }

 private:
  double voltage_;
};

class DqSetpoint final : public Component {
 public:
  DqSetpoint(std::string name, InverterInputs values) : Component(std::move(name)), values_(values) {
    add_output({"v_d", "V", ""});
    add_output({"v_q", "V", ""});
    add_output({"i_d", "A", ""});
    add_output({"i_q", "A", ""});
    set_direct_feedthrough(false);
  }
  std::string_view type_name() const override { return "DqSetpoint"; }
  RhsStatus compute_outputs(const EvalContext& c) const override {
    c.y[0] = values_.v_d_ref;
    c.y[1] = values_.v_q_ref;
    c.y[2] = values_.i_d;
    c.y[3] = values_.i_q;
    return RhsStatus::Ok;
  }

 private:
  InverterInputs values_;
};

class CoolantSupply final : public Component {
 public:
  CoolantSupply(std::string name, double mass_flow, double temperature)
      : Component(std::move(name)), mass_flow_(mass_flow), temperature_(temperature) {
    add_port("out", PortKind::Coolant, PortRole::A);
    set_direct_feedthrough(false);
  }
  std::string_view type_name() const override { return "CoolantSupply"; }
  RhsStatus compute_outputs(const EvalContext& c) const override {
    c.y[0] = mass_flow_;
    c.y[1] = temperature_;
    return RhsStatus::Ok;
  }

 private:
  double mass_flow_, temperature_;
};

struct DriveThermalModel {
  Model model;
  FosterNetwork switch_foster, diode_foster;
  ColdPlateParameters plate;
};

DriveThermalModel build_drive_model(const InverterInputs& setpoint,
                                    const InverterParameters& inverter = InverterParameters{}) {
  DriveThermalModel result;
  result.switch_foster = test_data::read_foster("fuji_2mbi600xee065_switch_thermal_foster.csv");
  result.diode_foster = test_data::read_foster("fuji_2mbi600xee065_diode_thermal_foster.csv");
  ModelBuilder builder;
  builder.add(std::make_unique<FixedDcLink>("battery", setpoint.dc_voltage));
  builder.add(std::make_unique<DqSetpoint>("motor", setpoint));
  builder.add(std::make_unique<Inverter>("inverter", fuji(), inverter));
  builder.add(std::make_unique<InverterColdPlate>("plate", result.plate));
  builder.add(std::make_unique<CoolantSupply>("pump", 0.15, 40.0 + kCelsius));
  builder.connect("battery.dc", "inverter.dc");
  builder.connect("motor.v_d", "inverter.v_d_ref");
  builder.connect("motor.v_q", "inverter.v_q_ref");
  builder.connect("motor.i_d", "inverter.i_d");
  builder.connect("motor.i_q", "inverter.i_q");
  builder.connect("pump.out", "plate.coolant_in");
  builder.allow_unconnected("plate.coolant_out");
  for (const char* phase : {"a", "b", "c"}) {
    for (const char* type : {"switch", "diode"}) {
      const std::string name = std::string(type) + "_" + phase;
      const FosterNetwork& foster =
          std::string(type) == "switch" ? result.switch_foster : result.diode_foster;
      builder.add(std::make_unique<thermal::CauerThermalNetwork>(
          "zth_" + name, foster_to_cauer(foster), 40.0 + kCelsius));
      builder.connect("inverter." + name, "zth_" + name + ".junction");
      builder.connect("zth_" + name + ".case", "plate.devices");
    }
  }
  result.model = builder.build();
  return result;
}

TEST(InverterComponent, SteadyStateMatchesSelfConsistentHandSolution) {
  const InverterInputs setpoint = motoring_point(0.0);
  DriveThermalModel drive = build_drive_model(setpoint);
  SolverOptions options;
  options.method = SolverMethod::CvodeBdf;
  options.relative_tolerance = 1e-9;
  options.absolute_tolerance = 1e-9;
  Simulator simulator(drive.model, options, 0.0);
  simulator.advance_to(400.0);  // plate time constant ~12 s
  const Model& model = drive.model;
  const RunData& data = simulator.data();
  auto output = [&](const char* name) {
    const int index = model.find_output(name);
    EXPECT_GE(index, 0) << name;
    return data.y[index];
  };
  const double loss_total = output("inverter/loss_total");
  const double heat_to_coolant = output("plate/heat_to_coolant");
  // Energy: in steady state the coolant takes all port heat (one device per port = half the total).
  EXPECT_NEAR(heat_to_coolant, 0.5 * loss_total, 1e-6 * loss_total);
  // Plate: Q = ε ṁ c_p (T_plate − T_in).
  const double plate_temperature = output("plate/devices.temperature");
  const double capacity_rate = 0.15 * drive.plate.coolant_specific_heat;
  EXPECT_NEAR(plate_temperature - (40.0 + kCelsius),
              heat_to_coolant / (cold_plate_effectiveness(drive.plate, 0.15) * capacity_rate), 1e-6);
  // Junction: T_j = T_plate + R_th(j-c) P(T_j), with P evaluated at the junction temperatures found.
  InverterInputs in = setpoint;
  for (int k = 0; k < 3; ++k) {
    const std::string phase(1, "abc"[k]);
    in.switch_temperature[k] = output(("zth_switch_" + phase + "/junction.temperature").c_str());
    in.diode_temperature[k] = output(("zth_diode_" + phase + "/junction.temperature").c_str());
  }
  InverterOutputs hand;
  ASSERT_TRUE(evaluate_inverter(*fuji(), InverterParameters{}, in, hand));
  for (int k = 0; k < 3; ++k) {
    EXPECT_NEAR(in.switch_temperature[k] - plate_temperature,
                total_resistance(drive.switch_foster) * hand.switch_heat[k], 1e-6);
    EXPECT_NEAR(in.diode_temperature[k] - plate_temperature,
                total_resistance(drive.diode_foster) * hand.diode_heat[k], 1e-6);
  }
  EXPECT_NEAR(output("inverter/junction_temperature_max"),
              std::max(in.switch_temperature[0], in.diode_temperature[0]), 1e-9);
  EXPECT_GT(in.switch_temperature[0], plate_temperature + 5.0);  // a real temperature rise
}

// loss_sample_period: the losses are the full evaluation at the last sample hit, held in between,
// and the DC power uses the held loss (P_dc = P_ac + loss_total exactly at every instant).
TEST(InverterComponent, SampledLossesAreHeldFromTheLastSampleAndKeepThePowerBalance) {
  const InverterInputs setpoint = motoring_point(0.0);
  InverterParameters sampled;
  sampled.loss_sample_period = 1e-3;
  DriveThermalModel drive = build_drive_model(setpoint, sampled);
  DriveThermalModel reference = build_drive_model(setpoint);
  SolverOptions options;
  options.method = SolverMethod::RungeKutta4;
  options.fixed_step = 1e-5;
  Simulator simulator(drive.model, options, 0.0);
  Simulator reference_simulator(reference.model, options, 0.0);
  const auto output = [](Simulator& sim, const std::string& name) {
    sim.refresh_outputs();
    const int index = sim.model().find_output(name);
    EXPECT_GE(index, 0) << name;
    return sim.data().y[index];
  };
  const auto full_losses_now = [&](Simulator& sim) {
    InverterInputs in = setpoint;
    for (int k = 0; k < 3; ++k) {
      const std::string phase(1, "abc"[k]);
      in.switch_temperature[k] = output(sim, "zth_switch_" + phase + "/junction.temperature");
      in.diode_temperature[k] = output(sim, "zth_diode_" + phase + "/junction.temperature");
    }
    InverterOutputs out;
    EXPECT_TRUE(evaluate_inverter(*fuji(), InverterParameters{}, in, out));
    return out.loss_total;
  };
  // Junctions start at 40 degC and heat up by several K within 20 ms (fastest Cauer stages).
  simulator.advance_to(0.02);
  const double held = output(simulator, "inverter/loss_total");
  EXPECT_NEAR(held, full_losses_now(simulator), 1e-9 * held);  // a sample hit at 20 ms
  simulator.advance_to(0.0205);
  EXPECT_EQ(output(simulator, "inverter/loss_total"), held);    // held between samples
  EXPECT_GT(std::abs(full_losses_now(simulator) - held), 1e-6 * held);  // the junctions moved on
  const double dc_power = output(simulator, "inverter/dc_power");
  EXPECT_NEAR(dc_power, output(simulator, "inverter/ac_power") + held, 1e-12 * dc_power);
  // Against evaluation at every stage: the loss lags by at most 1 ms, so the junction temperature
  // after 50 ms (rising by several K) differs by a small fraction of its rise.
  simulator.advance_to(0.05);
  reference_simulator.advance_to(0.05);
  const double rise = output(reference_simulator, "zth_switch_a/junction.temperature") -
                      (40.0 + kCelsius);
  EXPECT_GT(rise, 2.0);
  EXPECT_NEAR(output(simulator, "zth_switch_a/junction.temperature"),
              output(reference_simulator, "zth_switch_a/junction.temperature"), 0.02 * rise);
  EXPECT_THROW(Inverter("bad", fuji(), InverterParameters{.loss_sample_period = -1e-3}),
               InputError);
}

TEST(InverterComponent, FixedStepSteppingAllocatesNothing) {
  DriveThermalModel drive = build_drive_model(motoring_point(0.0));
  SolverOptions options;
  options.method = SolverMethod::RungeKutta4;
  options.fixed_step = 2e-4;
  Simulator simulator(drive.model, options, 0.0);
  simulator.advance_to(0.01);
  AllocationCounter counter;
  double t = 0.01;
  for (int i = 0; i < 500; ++i) simulator.advance_to(t += 2e-4);
  EXPECT_EQ(counter.count(), 0);
}

TEST(InverterComponent, RegisteredTypesBuildFromParameters) {
  ComponentRegistry registry;
  register_inverter_components(registry);
  const ComponentType& type = registry.get("Inverter");
  ParameterValues values;
  values.set_text("device_kind", "igbt");
  values.set_number("reference_voltage", 300.0);
  values.set_number("fit_current_min", 120.0);
  values.set_number("fit_current_max", 600.0);
  auto table = [](const std::string& file, const char* value_name) {
    const auto columns = test_data::read_csv_columns(test_data::semiconductor_path(file));
    Table t;
    t.column_names = {"temperature", "current", value_name};
    t.columns = columns;
    t.source = file;
    return t;
  };
  values.set_table("switch_conduction", table("fuji_2mbi600xee065_switch_conduction.csv", "voltage"));
  values.set_table("diode_conduction", table("fuji_2mbi600xee065_diode_conduction.csv", "voltage"));
  values.set_table("turn_on_energy", table("fuji_2mbi600xee065_e_on_energy.csv", "energy"));
  values.set_table("turn_off_energy", table("fuji_2mbi600xee065_e_off_energy.csv", "energy"));
  values.set_table("recovery_energy", table("fuji_2mbi600xee065_e_rr_energy.csv", "energy"));
  const ParameterValues complete = type.complete("inv", values);
  const auto component = type.create("inv", complete);
  ASSERT_NE(component, nullptr);
  EXPECT_NE(component->find_port("diode_c"), nullptr);
  const auto& inverter = dynamic_cast<const Inverter&>(*component);
  EXPECT_EQ(inverter.parameters().switching_frequency, 10e3);  // documented default
  EXPECT_NEAR(inverter.device().switching_energy(600.0, 423.15, 300.0).turn_off, 35.9e-3, 0.02 * 35.9e-3);
  values.set_number("switching_frequency", -5.0);
  EXPECT_THROW(type.complete("inv", values), InputError);
  EXPECT_NE(registry.find("InverterColdPlate"), nullptr);
}

}  // namespace
}  // namespace etsim
