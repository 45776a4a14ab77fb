#include "models/electric/register_motor.h"

#include <cmath>
#include <numbers>

#include "engine/core/error.h"
#include "engine/framework/component_type.h"
#include "models/electric/foc_component.h"
#include "models/electric/pmsm_component.h"

namespace etsim {

namespace {

// Drive limits and the operating-point table (PmsmQuasiStatic and FocController).
std::vector<NumberParameterSpec> drive_parameters() {
  std::vector<NumberParameterSpec> specs = pmsm_number_parameters();
  const std::vector<NumberParameterSpec> more{
      {"current_limit", "A", 500.0, 1e-3, 1e6, "I_max, peak phase current (354 A rms)"},
      {"max_speed", "rad/s", 2500.0, 1.0, 1e5,
       "highest effective speed tabulated: must cover speed * reference_dc_voltage / lowest V_dc"},
      {"reference_dc_voltage", "V", 800.0, 1.0, 1e5, "DC voltage the table is computed for"},
      {"max_modulation", "1", 0.95, 0.1, 1.2,
       "m_max of the current references: V_max = m_max V_dc / sqrt(3) (reserve below 1)"},
      {"table_speed_points", "1", 61.0, 2.0, 2000.0, "speed points of the operating-point table"},
      {"table_torque_points", "1", 41.0, 3.0, 2000.0, "torque points of the operating-point table"},
  };
  specs.insert(specs.end(), more.begin(), more.end());
  return specs;
}

std::shared_ptr<const OperatingPointTable> make_table(const PmsmModel& motor,
                                                      const ParameterValues& v) {
  const OperatingLimits limits{v.number("reference_dc_voltage"), v.number("max_modulation"),
                               v.number("current_limit")};
  const double reference = v.number("reference_temperature");
  return std::make_shared<const OperatingPointTable>(
      motor, limits, v.number("max_speed"), static_cast<int>(v.number("table_speed_points")),
      static_cast<int>(v.number("table_torque_points")), reference, reference);
}

}  // namespace

void register_motor_components(ComponentRegistry& registry) {
  registry.add({"PmsmDynamic",
                "PMSM dq model with flux-linkage states (linear or flux map), temperature-dependent "
                "R and magnet flux, iron and mechanical losses",
                pmsm_number_parameters(),
                {},
                {pmsm_flux_map_parameter()},
                [](const std::string& name, const ParameterValues& v) -> std::unique_ptr<Component> {
                  return std::make_unique<PmsmDynamic>(name, make_pmsm_model(v),
                                                       v.number("unconnected_temperature"));
                }});

  registry.add({"PmsmQuasiStatic",
                "PMSM steady state at a torque command: MTPA / flux weakening / MTPV currents, "
                "losses and voltages, no electrical states (thermal-scale studies)",
                drive_parameters(),
                {},
                {pmsm_flux_map_parameter()},
                [](const std::string& name, const ParameterValues& v) -> std::unique_ptr<Component> {
                  auto motor = make_pmsm_model(v);
                  auto table = make_table(*motor, v);
                  return std::make_unique<PmsmQuasiStatic>(name, motor, table,
                                                           v.number("unconnected_temperature"));
                }});

  std::vector<NumberParameterSpec> foc = drive_parameters();
  foc.push_back({"pwm_frequency", "Hz", 10e3, 100.0, 1e6, "f_pwm: controller sample rate"});
  foc.push_back({"current_bandwidth", "rad/s", 2000.0, 1.0, 1e6,
                 "omega_c: closed-loop current bandwidth (10-90 % rise time ln 9 / omega_c)"});
  foc.push_back({"voltage_clamp_modulation", "1", 1.0, 0.1, 1.2,
                 "m of the PI output clamp |v| <= m V_dc / sqrt(3)"});
  registry.add({"FocController",
                "Discrete field-oriented PI current control in dq with decoupling and anti-windup, "
                "references from the MTPA / flux-weakening / MTPV table",
                foc,
                {},
                {pmsm_flux_map_parameter()},
                [](const std::string& name, const ParameterValues& v) -> std::unique_ptr<Component> {
                  auto motor = make_pmsm_model(v);
                  auto table = make_table(*motor, v);
                  FocParameters p;
                  p.sample_period = 1.0 / v.number("pwm_frequency");
                  p.bandwidth = v.number("current_bandwidth");
                  p.resistance = motor->parameters().resistance_20;
                  p.inductance_d = motor->flux_model().inductance_d();
                  p.inductance_q = motor->flux_model().inductance_q();
                  p.magnet_flux = motor->flux_model().magnet_flux();
                  p.pole_pairs = motor->pole_pairs();
                  p.max_modulation = v.number("voltage_clamp_modulation");
                  return std::make_unique<FocController>(name, p, table);
                }});
}

}  // namespace etsim
