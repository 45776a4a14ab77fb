#pragma once

namespace etsim {
class ComponentRegistry;
// DcSource, TableCurrentLoad, ConductionDevice.
void register_source_components(ComponentRegistry& registry);
}  // namespace etsim
