// Chassis of the reference mid-size sedan for the vehicle tests (scenarios/vehicles/sedan_chassis.yaml,
// docs/models/vehicle.md): EPA 2022 test-car data of a Tesla Model 3 RWD.
#pragma once

#include "models/vehicle/vehicle_dynamics.h"

namespace etsim::vehicle {

inline VehicleParameters reference_sedan() {
  VehicleParameters p;
  p.mass = 1928.0;
  p.drag_coefficient = 0.25;
  p.frontal_area = 2.22;
  p.rolling_resistance_coefficient = 0.0085;
  p.wheel_radius = 0.335;
  p.wheel_inertia = 3.26;
  p.motor_inertia = 0.03;
  p.gear_ratio = 9.04;
  return p;
}

}  // namespace etsim::vehicle
