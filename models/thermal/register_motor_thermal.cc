#include "models/thermal/register_motor_thermal.h"

#include <limits>
#include <memory>

#include "engine/framework/component_type.h"
#include "models/thermal/motor_thermal.h"

namespace etsim {
namespace {

struct Field {
  const char* name;
  const char* unit;
  double MotorThermalParameters::*member;
  double minimum, maximum;
  const char* description;
};

constexpr double kInf = std::numeric_limits<double>::infinity();
using P = MotorThermalParameters;

// Every parameter with unit, range and meaning; defaults come from MotorThermalParameters{}.
const Field kFields[] = {
    {"stator_outer_diameter", "m", &P::stator_outer_diameter, 0.02, 2.0, "stator lamination OD"},
    {"stator_inner_diameter", "m", &P::stator_inner_diameter, 0.01, 2.0, "stator bore diameter"},
    {"stack_length", "m", &P::stack_length, 0.01, 2.0, "active (lamination stack) length L"},
    {"air_gap", "m", &P::air_gap, 1e-5, 0.02, "radial air gap delta"},
    {"slot_count", "1", &P::slot_count, 3, 500, "number of stator slots"},
    {"slot_depth", "m", &P::slot_depth, 1e-3, 0.5, "slot depth (tooth height)"},
    {"slot_width", "m", &P::slot_width, 1e-4, 0.1, "mean slot width"},
    {"slot_fill_factor", "1", &P::slot_fill_factor, 0.05, 0.95, "copper area / slot area"},
    {"end_winding_length", "m", &P::end_winding_length, 1e-3, 1.0,
     "conductor length per side outside the stack"},
    {"end_winding_area", "m2", &P::end_winding_area, 1e-4, 10.0, "wetted surface of both end windings"},
    {"shaft_diameter", "m", &P::shaft_diameter, 1e-3, 1.0, "shaft / rotor inner diameter"},
    {"magnet_volume", "m3", &P::magnet_volume, 1e-7, 0.1, "total magnet volume"},
    {"magnet_thickness", "m", &P::magnet_thickness, 1e-4, 0.1, "magnet thickness (heat path)"},
    {"magnet_contact_area", "m2", &P::magnet_contact_area, 1e-5, 10.0, "magnet faces on rotor iron"},
    {"housing_thickness", "m", &P::housing_thickness, 1e-3, 0.2, "housing wall thickness"},
    {"housing_length", "m", &P::housing_length, 0.01, 3.0, "housing (and shaft) length"},
    {"jacket_channel_width", "m", &P::jacket_channel_width, 1e-4, 0.2, "jacket channel width"},
    {"jacket_channel_height", "m", &P::jacket_channel_height, 1e-4, 0.2, "jacket channel height"},
    {"jacket_wetted_area", "m2", &P::jacket_wetted_area, 1e-4, 10.0,
     "channel wall area facing the stator"},
    {"jacket_volume", "m3", &P::jacket_volume, 1e-6, 0.1, "coolant volume in the jacket"},
    {"copper_conductivity", "W/(m*K)", &P::copper_conductivity, 1, 1000, "copper k"},
    {"copper_density", "kg/m3", &P::copper_density, 100, 20000, "copper density"},
    {"copper_specific_heat", "J/(kg*K)", &P::copper_specific_heat, 10, 5000, "copper c_p"},
    {"iron_radial_conductivity", "W/(m*K)", &P::iron_radial_conductivity, 0.1, 100,
     "lamination k in the sheet plane"},
    {"iron_density", "kg/m3", &P::iron_density, 100, 20000, "electrical steel density"},
    {"iron_specific_heat", "J/(kg*K)", &P::iron_specific_heat, 10, 5000, "electrical steel c_p"},
    {"stacking_factor", "1", &P::stacking_factor, 0.5, 1.0, "lamination stacking factor"},
    {"magnet_conductivity", "W/(m*K)", &P::magnet_conductivity, 0.1, 100, "NdFeB k"},
    {"magnet_density", "kg/m3", &P::magnet_density, 100, 20000, "NdFeB density"},
    {"magnet_specific_heat", "J/(kg*K)", &P::magnet_specific_heat, 10, 5000, "NdFeB c_p"},
    {"housing_conductivity", "W/(m*K)", &P::housing_conductivity, 1, 500, "housing k"},
    {"housing_density", "kg/m3", &P::housing_density, 100, 20000, "housing density"},
    {"housing_specific_heat", "J/(kg*K)", &P::housing_specific_heat, 10, 5000, "housing c_p"},
    {"resin_density", "kg/m3", &P::resin_density, 100, 5000, "impregnation resin density"},
    {"resin_specific_heat", "J/(kg*K)", &P::resin_specific_heat, 10, 5000, "resin c_p"},
    {"slot_liner_equivalent_thickness", "m", &P::slot_liner_equivalent_thickness, 1e-6, 0.01,
     "equivalent insulation thickness between copper and lamination"},
    {"slot_liner_conductivity", "W/(m*K)", &P::slot_liner_conductivity, 0.01, 10,
     "equivalent liner + impregnation k"},
    {"winding_transverse_conductivity", "W/(m*K)", &P::winding_transverse_conductivity, 0.01, 50,
     "impregnated bundle k across the wires"},
    {"interface_gap", "m", &P::interface_gap, 1e-7, 1e-3, "stator-housing equivalent air gap"},
    {"magnet_adhesive_thickness", "m", &P::magnet_adhesive_thickness, 1e-7, 1e-3,
     "adhesive layer between magnet and iron"},
    {"adhesive_conductivity", "W/(m*K)", &P::adhesive_conductivity, 0.01, 10, "adhesive k"},
    {"bearing_conductance", "W/K", &P::bearing_conductance, 1e-6, 1000,
     "rotor-housing path through shaft and bearings"},
    {"air_conductivity", "W/(m*K)", &P::air_conductivity, 0.005, 0.2, "air k"},
    {"air_kinematic_viscosity", "m2/s", &P::air_kinematic_viscosity, 1e-6, 1e-3, "air nu"},
    {"end_space_velocity_factor", "1", &P::end_space_velocity_factor, 0.0, 2.0,
     "end-space air speed / rotor peripheral speed"},
    {"coolant_density", "kg/m3", &P::coolant_density, 100, 3000, "coolant density"},
    {"coolant_specific_heat", "J/(kg*K)", &P::coolant_specific_heat, 100, 1e4, "coolant c_p"},
    {"coolant_conductivity", "W/(m*K)", &P::coolant_conductivity, 0.01, 5, "coolant k"},
    {"coolant_viscosity", "Pa*s", &P::coolant_viscosity, 1e-5, 1.0, "coolant dynamic viscosity"},
    {"teeth_loss_fraction", "1", &P::teeth_loss_fraction, 0.0, 1.0,
     "share of stator iron loss in the teeth"},
    {"mechanical_loss_rotor_fraction", "1", &P::mechanical_loss_rotor_fraction, 0.0, 1.0,
     "share of mechanical loss into the rotor (rest: bearings to housing)"},
    {"initial_temperature", "K", &P::initial_temperature, 1.0, 1000.0, "all nodes at t = 0"},
};

}  // namespace

void register_motor_thermal_components(ComponentRegistry& registry) {
  const MotorThermalParameters defaults;
  ComponentType type;
  type.type_name = "MotorThermalNetwork";
  type.description =
      "8-node lumped thermal network of a water-jacket PMSM (ports winding, stator_iron, rotor, "
      "magnets, mechanical, coolant_in, coolant_out; input speed)";
  for (const Field& field : kFields) {
    type.numbers.push_back({field.name, field.unit, defaults.*field.member, field.minimum,
                            field.maximum, field.description});
  }
  type.create = [](const std::string& name, const ParameterValues& values) -> std::unique_ptr<Component> {
    MotorThermalParameters parameters;
    for (const Field& field : kFields) parameters.*field.member = values.number(field.name);
    return std::make_unique<MotorThermalComponent>(name, parameters);
  };
  registry.add(std::move(type));
}

}  // namespace etsim
