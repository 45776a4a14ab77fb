// The model of bench_edrive_inverter (Inverter with Fuji 2MBI600XEE065-50 device losses, one
// 4-stage Cauer network per device type and phase, cold plate), shared by the bench and by the
// generator of its compiled kernel (inverter_bench_codegen.cc).
#pragma once

#include <array>
#include <memory>
#include <string>

#include "engine/framework/model.h"
#include "models/electric/inverter.h"
#include "models/electric/inverter_cold_plate.h"
#include "models/thermal/foster_cauer.h"
#include "models/thermal/thermal_elements.h"
#include "tests/models/electric/power_device_test_data.h"

namespace etsim::bench_inverter {

constexpr double kStep = 1e-4;
constexpr double kInlet = 313.15;
constexpr double kFlow = 0.15;

inline InverterInputs operating_point() {
  InverterInputs in;
  in.dc_voltage = 400.0;
  in.v_d_ref = -80.0;
  in.v_q_ref = 180.0;
  in.i_d = -120.0;
  in.i_q = 250.0;
  return in;
}

// Fixed operating point: DC voltage, dq voltage command and currents, coolant inlet.
class Setpoint final : public Component {
 public:
  explicit Setpoint(std::string name) : Component(std::move(name)) {
    add_port("dc", PortKind::ElectricalDc, PortRole::A);
    add_output({"v_d", "V", ""});
    add_output({"v_q", "V", ""});
    add_output({"i_d", "A", ""});
    add_output({"i_q", "A", ""});
    add_port("coolant", PortKind::Coolant, PortRole::A);
    set_direct_feedthrough(false);
  }
  std::string_view type_name() const override { return "Setpoint"; }
  RhsStatus compute_outputs(const EvalContext& c) const override {
    const InverterInputs in = operating_point();
    c.y[0] = in.dc_voltage;
    c.y[1] = in.v_d_ref;
    c.y[2] = in.v_q_ref;
    c.y[3] = in.i_d;
    c.y[4] = in.i_q;
    c.y[5] = kFlow;
    c.y[6] = kInlet;
    return RhsStatus::Ok;
  }
};

struct Fixture {
  std::shared_ptr<const PowerDevice> device =
      std::make_shared<const PowerDevice>(test_data::fuji_igbt_data());
  CauerNetwork switch_cauer =
      foster_to_cauer(test_data::read_foster("fuji_2mbi600xee065_switch_thermal_foster.csv"));
  CauerNetwork diode_cauer =
      foster_to_cauer(test_data::read_foster("fuji_2mbi600xee065_diode_thermal_foster.csv"));
  ColdPlateParameters plate;
  InverterParameters parameters;
};

inline const Fixture& fixture() {
  static const Fixture f;
  return f;
}

inline ModelBuilder network() {
  const Fixture& f = fixture();
  ModelBuilder builder;
  builder.add(std::make_unique<Setpoint>("source"));
  builder.add(std::make_unique<Inverter>("inverter", f.device, f.parameters));
  builder.add(std::make_unique<InverterColdPlate>("plate", f.plate));
  builder.connect("source.dc", "inverter.dc");
  builder.connect("source.v_d", "inverter.v_d_ref");
  builder.connect("source.v_q", "inverter.v_q_ref");
  builder.connect("source.i_d", "inverter.i_d");
  builder.connect("source.i_q", "inverter.i_q");
  builder.connect("source.coolant", "plate.coolant_in");
  builder.allow_unconnected("plate.coolant_out");
  for (const char* phase : {"a", "b", "c"}) {
    for (const char* type : {"switch", "diode"}) {
      const std::string port = std::string(type) + "_" + phase;
      builder.add(std::make_unique<thermal::CauerThermalNetwork>(
          "zth_" + port, std::string(type) == "switch" ? f.switch_cauer : f.diode_cauer, kInlet));
      builder.connect("inverter." + port, "zth_" + port + ".junction");
      builder.connect("zth_" + port + ".case", "plate.devices");
    }
  }
  return builder;
}

}  // namespace etsim::bench_inverter
