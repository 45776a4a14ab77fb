#include "models/register_all.h"

#include "engine/framework/component_type.h"
#include "models/control/register_control.h"
#include "models/electric/register_drive.h"
#include "models/electric/register_inverter.h"
#include "models/electric/register_motor.h"
#include "models/electric/register_sources.h"
#include "models/thermal/register_motor_thermal.h"
#include "models/thermal/register_thermal.h"
#include "models/vehicle/register_vehicle.h"

namespace etsim {

void register_all_components(ComponentRegistry& registry) {
  register_thermal_components(registry);
  register_control_components(registry);
  register_source_components(registry);
  register_motor_components(registry);
  register_inverter_components(registry);
  register_motor_thermal_components(registry);
  register_vehicle_components(registry);
  register_drive_components(registry);
}

}  // namespace etsim
