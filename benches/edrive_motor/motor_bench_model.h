// The model of bench_edrive_motor (PmsmDynamic + FocController at 10 kHz, held speed and torque
// command), shared by the bench and by the generator of its compiled kernel
// (motor_bench_codegen.cc).
#pragma once

#include <memory>
#include <string>

#include "engine/framework/component_type.h"
#include "engine/framework/model.h"
#include "models/electric/foc_component.h"
#include "models/electric/pmsm_component.h"
#include "models/electric/register_motor.h"

namespace etsim::bench_motor {

constexpr double kStep = 1e-5, kSpeed = 300.0, kTorque = 200.0, kDcVoltage = 800.0;

// Holds the shaft at the bench speed.
class SpeedSource final : public Component {
 public:
  explicit SpeedSource(std::string name) : Component(std::move(name)) {
    add_port("shaft", PortKind::Rotational, PortRole::A);
    set_direct_feedthrough(false);
  }
  std::string_view type_name() const override { return "SpeedSource"; }
  RhsStatus compute_outputs(const EvalContext& c) const override {
    c.y[0] = kSpeed;
    return RhsStatus::Ok;
  }
};

// Torque command and DC voltage.
class Commands final : public Component {
 public:
  explicit Commands(std::string name) : Component(std::move(name)) {
    add_output({"torque", "N*m", ""});
    add_output({"dc", "V", ""});
    set_direct_feedthrough(false);
  }
  std::string_view type_name() const override { return "Commands"; }
  RhsStatus compute_outputs(const EvalContext& c) const override {
    c.y[0] = kTorque;
    c.y[1] = kDcVoltage;
    return RhsStatus::Ok;
  }
};

struct Drive {
  ComponentRegistry registry;
  ParameterValues motor_values, foc_values;
  Drive() {
    register_motor_components(registry);
    motor_values = registry.get("PmsmDynamic").complete("motor", {});
    foc_values = registry.get("FocController").complete("foc", {});
  }
};

inline ModelBuilder network(const Drive& drive) {
  ModelBuilder builder;
  builder.add(drive.registry.get("PmsmDynamic").create("motor", drive.motor_values));
  builder.add(drive.registry.get("FocController").create("foc", drive.foc_values));
  builder.add(std::make_unique<SpeedSource>("load"));
  builder.add(std::make_unique<Commands>("command"));
  builder.connect("motor.shaft", "load.shaft");
  builder.connect("foc.v_d", "motor.v_d");
  builder.connect("foc.v_q", "motor.v_q");
  builder.connect("motor.id", "foc.i_d");
  builder.connect("motor.iq", "foc.i_q");
  builder.connect("motor.speed", "foc.speed");
  builder.connect("command.torque", "foc.torque_command");
  builder.connect("command.dc", "foc.dc_voltage");
  for (const char* port : {"motor.winding", "motor.magnet", "motor.stator_iron"}) {
    builder.allow_unconnected(port);
  }
  return builder;
}

}  // namespace etsim::bench_motor
