#pragma once

namespace etsim {
class ComponentRegistry;
// Inverter (two-level average model with datasheet device losses) and InverterColdPlate.
void register_inverter_components(ComponentRegistry& registry);
}  // namespace etsim
