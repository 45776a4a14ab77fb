#include "models/vehicle/register_vehicle.h"

#include <limits>
#include <memory>

#include "engine/core/error.h"
#include "engine/framework/component_type.h"
#include "models/vehicle/brake_blending_component.h"
#include "models/vehicle/drive_cycle.h"
#include "models/vehicle/driver_component.h"
#include "models/vehicle/gearbox_component.h"
#include "models/vehicle/vehicle_component.h"

namespace etsim {
namespace {

using vehicle::VehicleParameters;
constexpr double kInfinity = std::numeric_limits<double>::infinity();

// Chassis parameters shared by Vehicle and Driver (the driver's feed-forward model). Defaults are
// the reference mid-size sedan of docs/models/vehicle.md.
std::vector<NumberParameterSpec> chassis_parameter_specs() {
  const VehicleParameters d;
  return {
      {"mass", "kg", d.mass, 1.0, 1.0e5, "test mass incl. driver and payload"},
      {"drag_coefficient", "1", d.drag_coefficient, 0.0, 2.0, "aerodynamic drag coefficient c_d"},
      {"frontal_area", "m^2", d.frontal_area, 0.0, 20.0, "frontal area A_f"},
      {"rolling_resistance_coefficient", "1", d.rolling_resistance_coefficient, 0.0, 0.1,
       "tyre rolling resistance coefficient c_rr"},
      {"wheel_radius", "m", d.wheel_radius, 0.05, 2.0, "dynamic rolling radius"},
      {"wheel_inertia", "kg*m^2", d.wheel_inertia, 0.0, 1000.0, "sum of all wheel inertias"},
      {"motor_inertia", "kg*m^2", d.motor_inertia, 0.0, 100.0,
       "inertia turning at motor speed (rotor, input shaft)"},
      {"gear_ratio", "1", d.gear_ratio, 0.1, 100.0, "motor speed / wheel speed"},
      {"air_density", "kg/m^3", d.air_density, 0.0, 2.0, "air density"},
      {"standstill_speed", "m/s", d.standstill_speed, 1.0e-4, 1.0,
       "speed scale of the tanh regularisation of rolling and brake forces"},
  };
}

VehicleParameters chassis_from(const ParameterValues& values) {
  VehicleParameters p;
  p.mass = values.number("mass");
  p.drag_coefficient = values.number("drag_coefficient");
  p.frontal_area = values.number("frontal_area");
  p.rolling_resistance_coefficient = values.number("rolling_resistance_coefficient");
  p.wheel_radius = values.number("wheel_radius");
  p.wheel_inertia = values.number("wheel_inertia");
  p.motor_inertia = values.number("motor_inertia");
  p.gear_ratio = values.number("gear_ratio");
  p.air_density = values.number("air_density");
  p.standstill_speed = values.number("standstill_speed");
  return p;
}

ComponentType vehicle_type() {
  ComponentType type;
  type.type_name = "Vehicle";
  type.description = "longitudinal vehicle dynamics with rotating inertia, road loads and grade";
  type.numbers = chassis_parameter_specs();
  type.numbers.push_back({"grade", "1", 0.0, -1.0, 1.0, "constant road grade (rise/run)"});
  type.numbers.push_back({"initial_speed", "m/s", 0.0, 0.0, 150.0, "speed at the start"});
  type.texts.push_back({"traction_force_input", "no", {"no", "yes"},
                        "yes: add an input traction_force [N] (force-source vehicle)", false});
  type.texts.push_back({"grade_input", "no", {"no", "yes"},
                        "yes: add an input grade [1] added to the profile", false});
  type.tables.push_back({"road_profile",
                         {{"distance", "m"}, {"grade", "1"}},
                         "road grade vs distance, added to the constant grade",
                         false});
  type.create = [](const std::string& name, const ParameterValues& values) {
    vehicle::VehicleOptions options;
    options.parameters = chassis_from(values);
    options.constant_grade = values.number("grade");
    options.initial_speed = values.number("initial_speed");
    options.traction_force_input = values.text("traction_force_input") == "yes";
    options.grade_input = values.text("grade_input") == "yes";
    if (values.has_table("road_profile")) {
      const Table& table = values.table("road_profile");
      options.road_profile = Table1D(table.column("distance"), table.column("grade"),
                                     Interpolation::Linear, Extrapolation::Clamp, table.source);
    }
    return std::make_unique<vehicle::VehicleComponent>(name, std::move(options));
  };
  return type;
}

ComponentType gearbox_type() {
  const vehicle::GearboxParameters d;
  ComponentType type;
  type.type_name = "Gearbox";
  type.description = "single-speed reduction with mesh efficiency and drag torque";
  type.numbers = {
      {"ratio", "1", d.ratio, 0.1, 100.0, "input speed / output speed"},
      {"mesh_efficiency", "1", d.mesh_efficiency, 0.5, 1.0, "mesh efficiency"},
      {"coulomb_drag_torque", "N*m", d.coulomb_drag_torque, 0.0, 1000.0,
       "load-independent drag torque at the input"},
      {"viscous_drag", "N*m*s/rad", d.viscous_drag, 0.0, 10.0, "viscous drag at the input"},
      {"drag_speed_epsilon", "rad/s", d.drag_speed_epsilon, 1.0e-6, 1000.0,
       "speed scale of the smooth sign of the drag torque"},
      {"power_epsilon", "W", d.power_epsilon, 1.0e-6, 1.0e4,
       "power scale of the smooth switch between forward and back-driven efficiency"},
  };
  type.texts.push_back(
      {"heat_port", "none", {"none", "thermal"}, "thermal: add a thermal port 'heat'", false});
  type.create = [](const std::string& name, const ParameterValues& values) {
    vehicle::GearboxParameters p;
    p.ratio = values.number("ratio");
    p.mesh_efficiency = values.number("mesh_efficiency");
    p.coulomb_drag_torque = values.number("coulomb_drag_torque");
    p.viscous_drag = values.number("viscous_drag");
    p.drag_speed_epsilon = values.number("drag_speed_epsilon");
    p.power_epsilon = values.number("power_epsilon");
    return std::make_unique<vehicle::GearboxComponent>(name, p,
                                                      values.text("heat_port") == "thermal");
  };
  return type;
}

ComponentType brake_blending_type() {
  const vehicle::BrakeBlendingParameters d;
  ComponentType type;
  type.type_name = "BrakeBlending";
  type.description = "splits a wheel-force demand into motor torque (traction/regen) and friction";
  type.numbers = {
      {"wheel_radius", "m", d.wheel_radius, 0.05, 2.0, "dynamic rolling radius"},
      {"gear_ratio", "1", d.gear_ratio, 0.1, 100.0, "motor speed / wheel speed"},
      {"gearbox_efficiency", "1", d.gearbox_efficiency, 0.5, 1.0, "gear mesh efficiency"},
      {"motor_peak_torque", "N*m", d.motor_peak_torque, 0.0, 1.0e4, "motor torque limit"},
      {"motor_peak_power", "W", d.motor_peak_power, 0.0, 1.0e7, "motor power limit"},
      {"inverter_power_limit", "W", d.inverter_power_limit, 0.0, 1.0e7,
       "DC power limit of the inverter when generating"},
      {"regen_efficiency", "1", d.regen_efficiency, 0.1, 1.0,
       "motor + inverter efficiency, mechanical to DC"},
      {"fade_speed_off", "m/s", d.fade_speed_off, 0.0, 50.0, "no regeneration below"},
      {"fade_speed_full", "m/s", d.fade_speed_full, 0.0, 60.0, "full regeneration above"},
      {"max_friction_force", "N", d.max_friction_force, 0.0, 1.0e6, "friction brake limit"},
      {"battery_charge_power_limit", "W", 1.0e9, 0.0, kInfinity,
       "constant battery charge-power limit (battery_limit = parameter)"},
  };
  type.texts.push_back({"battery_limit", "parameter", {"parameter", "input"},
                        "input: take the battery limit from the input battery_charge_power_limit",
                        false});
  type.create = [](const std::string& name, const ParameterValues& values) {
    vehicle::BrakeBlendingParameters p;
    p.wheel_radius = values.number("wheel_radius");
    p.gear_ratio = values.number("gear_ratio");
    p.gearbox_efficiency = values.number("gearbox_efficiency");
    p.motor_peak_torque = values.number("motor_peak_torque");
    p.motor_peak_power = values.number("motor_peak_power");
    p.inverter_power_limit = values.number("inverter_power_limit");
    p.regen_efficiency = values.number("regen_efficiency");
    p.fade_speed_off = values.number("fade_speed_off");
    p.fade_speed_full = values.number("fade_speed_full");
    p.max_friction_force = values.number("max_friction_force");
    return std::make_unique<vehicle::BrakeBlendingComponent>(
        name, p, values.text("battery_limit") == "input",
        values.number("battery_charge_power_limit"));
  };
  return type;
}

ComponentType driver_type() {
  const vehicle::DriverParameters d;
  ComponentType type;
  type.type_name = "Driver";
  type.description = "discrete PI + inverse-model feed-forward speed tracker";
  type.numbers = chassis_parameter_specs();
  type.numbers.push_back({"sample_period", "s", d.sample_period, 0.0, 1.0,
                          "controller period (0: continuous PI, no sample hits)"});
  type.numbers.push_back({"bandwidth", "rad/s", d.bandwidth, 0.01, 100.0,
                          "closed-loop natural frequency of the speed loop"});
  type.numbers.push_back({"max_drive_force", "N", d.max_drive_force, 1.0, 1.0e6,
                          "largest traction-force demand"});
  type.numbers.push_back({"max_brake_force", "N", d.max_brake_force, 1.0, 1.0e6,
                          "largest braking-force demand"});
  type.texts.push_back({"grade_feedforward", "no", {"no", "yes"},
                        "yes: add an input grade [1] used in the feed-forward", false});
  type.create = [](const std::string& name, const ParameterValues& values) {
    vehicle::DriverParameters p;
    p.vehicle = chassis_from(values);
    p.sample_period = values.number("sample_period");
    p.bandwidth = values.number("bandwidth");
    p.max_drive_force = values.number("max_drive_force");
    p.max_brake_force = values.number("max_brake_force");
    return std::make_unique<vehicle::DriverComponent>(name, p,
                                                      values.text("grade_feedforward") == "yes");
  };
  return type;
}

ComponentType drive_cycle_type() {
  ComponentType type;
  type.type_name = "DriveCycle";
  type.description = "speed-vs-time reference trace (scenarios/cycles) with acceleration and distance";
  type.tables.push_back(
      {"trace", {{"time", "s"}, {"speed", "m/s"}}, "speed trace, e.g. scenarios/cycles/*.csv", true});
  type.texts.push_back({"interpolation", "linear", {"linear", "pchip"},
                        "between the trace points: linear (as the regulations define the cycles) "
                        "or pchip (monotone cubic, C1: continuous reference acceleration, no kinks "
                        "for a variable-step solver to stop at)"});
  type.create = [](const std::string& name, const ParameterValues& values) {
    const Table& table = values.table("trace");
    vehicle::SpeedTrace trace{table.column("time"), table.column("speed"), table.source};
    const auto interpolation = values.text("interpolation") == "pchip"
                                   ? vehicle::TraceInterpolation::Pchip
                                   : vehicle::TraceInterpolation::Linear;
    return std::make_unique<vehicle::DriveCycleComponent>(name, trace, interpolation);
  };
  return type;
}

}  // namespace

void register_vehicle_components(ComponentRegistry& registry) {
  registry.add(vehicle_type());
  registry.add(gearbox_type());
  registry.add(brake_blending_type());
  registry.add(driver_type());
  registry.add(drive_cycle_type());
}

}  // namespace etsim
