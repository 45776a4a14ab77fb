// Registers the vehicle-side component types: Vehicle, Gearbox, BrakeBlending, Driver, DriveCycle.
#pragma once

namespace etsim {
class ComponentRegistry;
void register_vehicle_components(ComponentRegistry& registry);
}  // namespace etsim
