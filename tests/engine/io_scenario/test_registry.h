// Three tiny component types for the scenario loader tests (and the broken examples in
// scenarios/examples/bad/): a DC source with a current-profile table, a resistive load with an
// electrical and a thermal port, and a thermal mass with one state. They only declare what the
// loader checks; their equations are never evaluated.
#pragma once

#include <memory>
#include <string>

#include "engine/framework/component.h"
#include "engine/framework/component_type.h"

namespace etsim::testing {

class TestSource : public Component {
 public:
  TestSource(const std::string& name, const ParameterValues& values)
      : Component(name),
        voltage(values.number("voltage")),
        internal_resistance(values.number("internal_resistance")),
        mode(values.text("mode")) {
    if (values.has_table("profile")) profile = values.table("profile");
    add_port("dc", PortKind::ElectricalDc, PortRole::A);
    add_output({"power", "W", "electrical power delivered"});
    add_discrete_state({"enabled", "1", 1.0, "1 when switched on"});
  }
  std::string_view type_name() const override { return "TestSource"; }

  double voltage;              // [V]
  double internal_resistance;  // [Ohm]
  std::string mode;
  Table profile;  // time [s], current [A]
};

class TestLoad : public Component {
 public:
  TestLoad(const std::string& name, const ParameterValues& values)
      : Component(name), resistance(values.number("resistance")) {
    add_port("dc", PortKind::ElectricalDc, PortRole::B);
    add_port("heat", PortKind::Thermal, PortRole::B);
    add_input({"enable", "1", "on/off command"});
    add_output({"power", "W", "dissipated power"});
  }
  std::string_view type_name() const override { return "TestLoad"; }

  double resistance;  // [Ohm]
};

class TestMass : public Component {
 public:
  TestMass(const std::string& name, const ParameterValues& values)
      : Component(name), heat_capacity(values.number("heat_capacity")) {
    add_state({"temperature", "K", 293.15, 300.0, 0.0, "lumped temperature"});
    add_port("node", PortKind::Thermal, PortRole::A);
    add_output({"heat_flow", "W", "net heat flow into the mass"});
  }
  std::string_view type_name() const override { return "TestMass"; }

  double heat_capacity;  // [J/K]
};

inline ComponentRegistry make_test_registry() {
  ComponentRegistry registry;
  ComponentType source;
  source.type_name = "TestSource";
  source.description = "DC voltage source";
  source.numbers = {{"voltage", "V", std::numeric_limits<double>::quiet_NaN(), 0.0, 1000.0,
                     "open-circuit voltage"},
                    {"internal_resistance", "Ohm", 0.01, 0.0,
                     std::numeric_limits<double>::infinity(), "series resistance"}};
  source.texts = {{"mode", "constant", {"constant", "profile"}, "how the current is set"}};
  source.tables = {{"profile", {{"time", "s"}, {"current", "A"}}, "current over time", false}};
  source.create = [](const std::string& name, const ParameterValues& values) {
    return std::make_unique<TestSource>(name, values);
  };
  registry.add(source);

  ComponentType load;
  load.type_name = "TestLoad";
  load.description = "resistive load";
  load.numbers = {{"resistance", "Ohm", 10.0, 1e-6, 1e6, "load resistance"}};
  load.create = [](const std::string& name, const ParameterValues& values) {
    return std::make_unique<TestLoad>(name, values);
  };
  registry.add(load);

  ComponentType mass;
  mass.type_name = "TestMass";
  mass.description = "lumped thermal mass";
  mass.numbers = {{"heat_capacity", "J/K", std::numeric_limits<double>::quiet_NaN(), 1e-9,
                   std::numeric_limits<double>::infinity(), "heat capacity"}};
  mass.create = [](const std::string& name, const ParameterValues& values) {
    return std::make_unique<TestMass>(name, values);
  };
  registry.add(mass);
  return registry;
}

}  // namespace etsim::testing
