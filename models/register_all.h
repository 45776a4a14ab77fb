// Registers every component type etsim ships, for scenario files, the CLI and bindings.
#pragma once

namespace etsim {
class ComponentRegistry;
void register_all_components(ComponentRegistry& registry);
}  // namespace etsim
