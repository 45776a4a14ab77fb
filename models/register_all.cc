#include "models/register_all.h"

#include "engine/framework/component_type.h"
#include "models/control/register_control.h"
#include "models/electric/register_sources.h"
#include "models/thermal/register_thermal.h"

namespace etsim {

void register_all_components(ComponentRegistry& registry) {
  register_thermal_components(registry);
  register_control_components(registry);
  register_source_components(registry);
}

}  // namespace etsim
