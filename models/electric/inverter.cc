#include "models/electric/inverter.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "engine/core/error.h"

namespace etsim {
namespace {

constexpr const char* kPhaseNames[3] = {"a", "b", "c"};

bool finite(double value) { return std::isfinite(value); }

}  // namespace

bool evaluate_inverter(const PowerDevice& device, const InverterParameters& p,
                       const InverterInputs& in, InverterOutputs& out) {
  if (!inverter_detail::finite_inputs(in)) return false;
  const double v_dc = in.dc_voltage;
  double v_d = 0.0, v_q = 0.0;
  const double v_command = inverter_detail::apply_voltages(p, in, out, v_d, v_q);
  const double current = std::sqrt(in.i_d * in.i_d + in.i_q * in.i_q);

  // Displacement factor between the commanded voltage (duty cycles) and the current.
  const double power_factor =
      (v_command > 0.0 && current > 0.0) ? (v_d * in.i_d + v_q * in.i_q) / (v_command * current) : 1.0;

  LossOperatingPoint point;
  point.dc_voltage = v_dc;
  point.peak_current = current;
  point.modulation_index = out.modulation_index;
  point.power_factor = power_factor;
  point.switching_frequency = p.switching_frequency;
  point.dead_time = p.dead_time;
  out.loss_conduction = 0.0;
  out.loss_switching = 0.0;
  out.junction_temperature_max = 0.0;
  const bool mosfet = device.kind() == DeviceKind::Mosfet;
  const VoltageScaling scaling = device.voltage_scaling(v_dc);
  for (int k = 0; k < 3; ++k) {
    point.switch_temperature = in.switch_temperature[k];
    point.diode_temperature = mosfet ? in.switch_temperature[k] : in.diode_temperature[k];
    const DeviceLosses losses = average_device_losses(device, point, scaling);
    if (mosfet) {
      out.switch_heat[k] = losses.total();
      out.diode_heat[k] = 0.0;
    } else {
      out.switch_heat[k] = losses.switch_total();
      out.diode_heat[k] = losses.diode_total();
    }
    // Two switch positions per phase with the same average losses.
    out.loss_conduction += 2.0 * (losses.switch_conduction + losses.diode_conduction);
    out.loss_switching += 2.0 * (losses.switch_switching + losses.diode_switching);
    out.junction_temperature_max =
        std::max({out.junction_temperature_max, in.switch_temperature[k],
                  mosfet ? 0.0 : in.diode_temperature[k]});
  }
  out.loss_total = out.loss_conduction + out.loss_switching;
  out.dc_power = out.ac_power + out.loss_total;
  out.dc_current = out.dc_power / std::max(v_dc, p.minimum_dc_voltage);
  return finite(out.dc_current) && finite(out.loss_total);
}

Inverter::Inverter(std::string name, std::shared_ptr<const PowerDevice> device,
                   const InverterParameters& parameters)
    : Component(std::move(name)), device_(std::move(device)), parameters_(parameters) {
  ETSIM_DEMAND(device_ != nullptr, this->name() + ": no power device given");
  auto check = [&](bool ok, const std::string& what) {
    if (!ok) throw InputError(this->name() + ": " + what);
  };
  check(parameters_.switching_frequency > 0.0 && std::isfinite(parameters_.switching_frequency),
        "switching_frequency must be a finite value > 0 Hz");
  check(parameters_.dead_time >= 0.0 &&
            2.0 * parameters_.dead_time * parameters_.switching_frequency < 0.5,
        "dead_time must be >= 0 s and 2 t_d f_sw < 0.5 (expected e.g. 0.2 .. 3 us at 10 kHz)");
  check(parameters_.dead_time_current_width > 0.0,
        "dead_time_current_width must be > 0 A (expected about 1 % of rated current)");
  check(parameters_.minimum_dc_voltage > 0.0, "minimum_dc_voltage must be > 0 V");
  check(parameters_.loss_sample_period >= 0.0 && std::isfinite(parameters_.loss_sample_period),
        "loss_sample_period must be a finite time >= 0 s (0: losses at every evaluation; e.g. "
        "100 us to 1 ms, below the fundamental period)");
  has_diode_ports_ = device_->kind() == DeviceKind::Igbt;
  sampled_losses_ = parameters_.loss_sample_period > 0.0;
  if (sampled_losses_) {
    set_sample_period(parameters_.loss_sample_period);
    add_discrete_state({"held_loss_conduction", "W", 0.0, "conduction losses at the last sample"});
    add_discrete_state({"held_loss_switching", "W", 0.0, "switching losses at the last sample"});
    for (int k = 0; k < 3; ++k) {
      add_discrete_state({std::string("held_switch_heat_") + kPhaseNames[k], "W", 0.0,
                          "one switch position's heat at the last sample"});
    }
    for (int k = 0; k < 3; ++k) {
      add_discrete_state({std::string("held_diode_heat_") + kPhaseNames[k], "W", 0.0,
                          "one diode position's heat at the last sample (IGBT)"});
    }
  }

  // Declared in the order of the index constants in inverter.h; require_index checks each.
  add_port("dc", PortKind::ElectricalDc, PortRole::B);
  require_index(find_input("dc.voltage"), in_dc_voltage_, "dc.voltage");
  require_index(find_output("dc.current"), out_dc_current_, "dc.current");
  require_index(add_input({"v_d_ref", "V", "commanded d-axis voltage (amplitude-invariant)"}),
                in_v_d_ref_, "v_d_ref");
  require_index(add_input({"v_q_ref", "V", "commanded q-axis voltage"}), in_v_q_ref_, "v_q_ref");
  require_index(add_input({"i_d", "A", "d-axis phase current (peak)"}), in_i_d_, "i_d");
  require_index(add_input({"i_q", "A", "q-axis phase current (peak)"}), in_i_q_, "i_q");
  require_index(add_output({"v_d", "V", "applied d-axis voltage (after limit and dead time)"}),
                out_v_d_, "v_d");
  require_index(add_output({"v_q", "V", "applied q-axis voltage"}), out_v_q_, "v_q");
  require_index(add_output({"modulation_index", "1", "m = |v_dq| / (V_dc / 2)"}), out_modulation_,
                "modulation_index");
  require_index(add_output({"voltage_limited", "1", "1 when the reference exceeded V_dc/sqrt(3)"}),
                out_limited_, "voltage_limited");
  require_index(add_output({"ac_power", "W", "1.5 (v_d i_d + v_q i_q)"}), out_ac_power_,
                "ac_power");
  require_index(add_output({"dc_power", "W", "power drawn from the DC link"}), out_dc_power_,
                "dc_power");
  require_index(add_output({"dc_current", "A", "current drawn from the DC link"}),
                out_dc_current_signal_, "dc_current");
  require_index(add_output({"loss_conduction", "W", "conduction losses, all devices"}),
                out_loss_conduction_, "loss_conduction");
  require_index(add_output({"loss_switching", "W", "switching losses, all devices"}),
                out_loss_switching_, "loss_switching");
  require_index(add_output({"loss_total", "W", "all semiconductor losses"}), out_loss_total_,
                "loss_total");
  require_index(add_output({"junction_temperature_max", "K", "hottest junction"}),
                out_junction_max_, "junction_temperature_max");
  for (int k = 0; k < 3; ++k) {
    const std::string sw = std::string("switch_") + kPhaseNames[k];
    add_port(sw, PortKind::Thermal, PortRole::B);
    require_index(find_input(sw + ".temperature"), in_switch_temperature_[k], sw + ".temperature");
    require_index(find_output(sw + ".heat_flow"), out_switch_heat_[k], sw + ".heat_flow");
  }
  if (has_diode_ports_) {
    for (int k = 0; k < 3; ++k) {
      const std::string d = std::string("diode_") + kPhaseNames[k];
      add_port(d, PortKind::Thermal, PortRole::B);
      require_index(find_input(d + ".temperature"), in_diode_temperature_[k], d + ".temperature");
      require_index(find_output(d + ".heat_flow"), out_diode_heat_[k], d + ".heat_flow");
    }
  }
  // The applied voltages do not depend on the junction temperatures (finer sorting for the
  // builder); every other output depends on every input.
  const int electrical_inputs[] = {in_dc_voltage_, in_v_d_ref_, in_v_q_ref_, in_i_d_, in_i_q_};
  for (int output = 0; output < static_cast<int>(outputs().size()); ++output) {
    const bool voltage_only =
        output == out_v_d_ || output == out_v_q_ || output == out_modulation_ || output == out_limited_;
    if (voltage_only) {
      for (int input : electrical_inputs) add_feedthrough(output, input);
    } else {
      for (int input = 0; input < static_cast<int>(inputs().size()); ++input) {
        add_feedthrough(output, input);
      }
    }
  }
}

void Inverter::update_discrete(const EvalContext& c, double* d_next) const {
  if (!sampled_losses_) return;
  InverterInputs in;
  read_inputs(c, in);
  InverterOutputs out;
  // A non-finite input keeps the previous losses; the continuous part reports it as Recoverable.
  if (!evaluate_inverter(*device_, parameters_, in, out)) return;
  d_next[kHeldConduction] = out.loss_conduction;
  d_next[kHeldSwitching] = out.loss_switching;
  for (int k = 0; k < 3; ++k) {
    d_next[kHeldSwitchHeat + k] = out.switch_heat[k];
    d_next[kHeldDiodeHeat + k] = out.diode_heat[k];
  }
}

}  // namespace etsim
