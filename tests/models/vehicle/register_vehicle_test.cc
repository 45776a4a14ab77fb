#include "models/vehicle/register_vehicle.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "engine/core/error.h"
#include "engine/framework/component_type.h"

namespace etsim {
namespace {

Table make_table(std::vector<std::string> names, std::vector<std::vector<double>> columns) {
  Table table;
  table.column_names = std::move(names);
  table.columns = std::move(columns);
  table.source = "test.csv";
  return table;
}

std::unique_ptr<Component> create(const ComponentRegistry& registry, const std::string& type,
                                  ParameterValues values) {
  const ComponentType& component_type = registry.get(type);
  return component_type.create("c", component_type.complete("c", std::move(values)));
}

TEST(RegisterVehicle, EveryTypeIsCreatedFromDefaults) {
  ComponentRegistry registry;
  register_vehicle_components(registry);
  for (const char* type : {"Vehicle", "Gearbox", "BrakeBlending", "Driver"}) {
    const std::unique_ptr<Component> component = create(registry, type, {});
    ASSERT_NE(component, nullptr) << type;
    EXPECT_EQ(component->type_name(), type);
  }
  ParameterValues cycle;
  cycle.set_table("trace", make_table({"time", "speed"}, {{0.0, 10.0}, {0.0, 5.0}}));
  EXPECT_EQ(create(registry, "DriveCycle", cycle)->type_name(), "DriveCycle");
}

TEST(RegisterVehicle, TextOptionsChangeTheInterface) {
  ComponentRegistry registry;
  register_vehicle_components(registry);
  ParameterValues vehicle;
  vehicle.set_text("traction_force_input", "yes");
  vehicle.set_table("road_profile",
                    make_table({"distance", "grade"}, {{0.0, 1000.0}, {0.0, 0.1}}));
  EXPECT_GE(create(registry, "Vehicle", vehicle)->find_input("traction_force"), 0);
  EXPECT_LT(create(registry, "Vehicle", {})->find_input("traction_force"), 0);
  ParameterValues graded;
  graded.set_text("grade_input", "yes");
  EXPECT_GE(create(registry, "Vehicle", graded)->find_input("grade"), 0);
  ParameterValues driver;
  driver.set_text("grade_feedforward", "yes");
  EXPECT_GE(create(registry, "Driver", driver)->find_input("grade"), 0);
  EXPECT_LT(create(registry, "Driver", {})->find_input("grade"), 0);
  ParameterValues gearbox;
  gearbox.set_text("heat_port", "thermal");
  EXPECT_NE(create(registry, "Gearbox", gearbox)->find_port("heat"), nullptr);
  ParameterValues brakes;
  brakes.set_text("battery_limit", "input");
  EXPECT_GE(create(registry, "BrakeBlending", brakes)->find_input("battery_charge_power_limit"), 0);
}

TEST(RegisterVehicle, BadParametersNameTheParameterAndRange) {
  ComponentRegistry registry;
  register_vehicle_components(registry);
  ParameterValues values;
  values.set_number("mass", -5.0);
  try {
    create(registry, "Vehicle", values);
    FAIL();
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("'mass'"), std::string::npos) << error.what();
  }
  ParameterValues fade;
  fade.set_number("fade_speed_off", 5.0);
  fade.set_number("fade_speed_full", 4.0);
  EXPECT_THROW(create(registry, "BrakeBlending", fade), InputError);
  ParameterValues unordered;
  unordered.set_table("trace", make_table({"time", "speed"}, {{0.0, 2.0, 1.0}, {0.0, 5.0, 1.0}}));
  EXPECT_THROW(create(registry, "DriveCycle", unordered), InputError);
  EXPECT_THROW(register_vehicle_components(registry), Error);  // duplicate types
}

}  // namespace
}  // namespace etsim
