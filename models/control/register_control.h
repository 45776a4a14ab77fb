#pragma once

namespace etsim {
class ComponentRegistry;
// Thermostat.
void register_control_components(ComponentRegistry& registry);
}  // namespace etsim
