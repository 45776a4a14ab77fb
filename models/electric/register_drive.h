#pragma once

namespace etsim {
class ComponentRegistry;
// DriveDeadTimeCompensation, DriveEnergyMeter (drive_glue.h).
void register_drive_components(ComponentRegistry& registry);
}  // namespace etsim
