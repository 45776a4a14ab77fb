#pragma once

namespace etsim {
class ComponentRegistry;
// MotorThermalNetwork (8-node lumped-parameter thermal network of a water-jacket-cooled PMSM).
void register_motor_thermal_components(ComponentRegistry& registry);
}  // namespace etsim
