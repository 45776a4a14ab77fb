#include "models/electric/inverter_losses.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace etsim {

DeviceLosses average_device_losses(const PowerDevice& device, const LossOperatingPoint& point) {
  return average_device_losses(device, point, device.voltage_scaling(point.dc_voltage));
}

DeviceLosses average_device_losses(const PowerDevice& device, const LossOperatingPoint& point,
                                   const VoltageScaling& scaling) {
  constexpr double pi = std::numbers::pi;
  const double peak = std::max(0.0, point.peak_current);
  const double m = std::clamp(point.modulation_index, 0.0, kMaxSvpwmModulationIndex);
  const double cos_phi = std::clamp(point.power_factor, -1.0, 1.0);
  const double f_sw = std::max(0.0, point.switching_frequency);

  DeviceLosses losses;
  const LinearConduction sw = device.switch_line(point.switch_temperature);
  if (device.kind() == DeviceKind::Igbt) {
    const LinearConduction d = device.diode_line(point.diode_temperature);
    losses.switch_conduction =
        sw.threshold_voltage * peak * (1.0 / (2.0 * pi) + m * cos_phi / 8.0) +
        sw.slope_resistance * peak * peak * (1.0 / 8.0 + m * cos_phi / (3.0 * pi));
    losses.diode_conduction =
        d.threshold_voltage * peak * (1.0 / (2.0 * pi) - m * cos_phi / 8.0) +
        d.slope_resistance * peak * peak * (1.0 / 8.0 - m * cos_phi / (3.0 * pi));
  } else {
    // Body diode on the same die: its temperature is the switch junction temperature.
    const LinearConduction d = device.diode_line(point.switch_temperature);
    const double dead_fraction = std::clamp(2.0 * point.dead_time * f_sw, 0.0, 1.0);
    losses.switch_conduction = (1.0 - dead_fraction) *
        (sw.threshold_voltage * peak / pi + sw.slope_resistance * peak * peak / 4.0);
    losses.diode_conduction = dead_fraction *
        (d.threshold_voltage * peak / pi + d.slope_resistance * peak * peak / 4.0);
  }
  // Conduction losses cannot be negative (a fit with V_0 < 0 could give that at tiny currents).
  losses.switch_conduction = std::max(0.0, losses.switch_conduction);
  losses.diode_conduction = std::max(0.0, losses.diode_conduction);

  const double diode_temperature = device.kind() == DeviceKind::Igbt ? point.diode_temperature
                                                                      : point.switch_temperature;
  const SwitchingEnergy energy =
      device.mean_switching_energy(peak, point.switch_temperature, diode_temperature, scaling);
  losses.switch_switching = 0.5 * f_sw * (energy.turn_on + energy.turn_off);
  losses.diode_switching = 0.5 * f_sw * energy.recovery;
  return losses;
}

}  // namespace etsim
