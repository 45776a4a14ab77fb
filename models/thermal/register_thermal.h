#pragma once

namespace etsim {
class ComponentRegistry;
// ThermalMass, ThermalConductance, ThermalResistance, FixedTemperature, CauerThermalNetwork,
// CoolantRadiator.
void register_thermal_components(ComponentRegistry& registry);
}  // namespace etsim
