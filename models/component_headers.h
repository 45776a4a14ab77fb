// Every component class etsim ships, for code that names them directly: the compiled kernels that
// etsim-codegen writes (engine/exec/kernel_generator.h) include this one header. A component
// class added to models/ belongs here too (a kernel naming a class missing here does not compile).
#pragma once

#include "models/control/thermostat.h"
#include "models/electric/conduction_device.h"
#include "models/electric/dc_source.h"
#include "models/electric/drive_glue.h"
#include "models/electric/foc_component.h"
#include "models/electric/inverter.h"
#include "models/electric/inverter_cold_plate.h"
#include "models/electric/pmsm_component.h"
#include "models/electric/table_current_load.h"
#include "models/thermal/coolant_boundary.h"
#include "models/thermal/coolant_radiator.h"
#include "models/thermal/motor_thermal.h"
#include "models/thermal/thermal_elements.h"
#include "models/vehicle/brake_blending_component.h"
#include "models/vehicle/drive_cycle.h"
#include "models/vehicle/driver_component.h"
#include "models/vehicle/gearbox_component.h"
#include "models/vehicle/vehicle_component.h"
