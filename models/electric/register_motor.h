// Registers the PMSM and FOC component types: PmsmDynamic, PmsmQuasiStatic, FocController.
#pragma once

namespace etsim {
class ComponentRegistry;
void register_motor_components(ComponentRegistry& registry);
}  // namespace etsim
