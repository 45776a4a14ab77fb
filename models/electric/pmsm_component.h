// PMSM components (physics in pmsm.h, operating points in operating_point.h, docs/models/pmsm.md).
//
// PmsmDynamic: states psi_d, psi_q [Wb] (flux linkages, see pmsm.h for why);
//   inputs v_d, v_q [V] (amplitude-invariant dq, from the inverter or FOC).
// PmsmQuasiStatic: no states; inputs torque_command [N*m] (electromagnetic torque wanted) and
//   dc_voltage [V]; currents from the MTPA/flux-weakening/MTPV table at that torque, speed and
//   voltage; flux, torque and losses at the actual temperatures.
// Both have ports
//   shaft        Rotational, role B (Drive): in speed [rad/s], out torque [N*m] applied to the inertia
//                (electromagnetic torque minus iron and mechanical loss torques)
//   winding      Thermal, role B (Flow): in winding temperature, out copper loss [W] into that node
//   magnet       Thermal, role B (Flow): in magnet (rotor) temperature, out mechanical loss [W]
//                (bearing friction and windage heat the rotor side)
//   stator_iron  Thermal, role B (Flow): in iron temperature (unused), out iron loss [W]
// A thermal port left unconnected reads 0 K; temperatures <= 0 are replaced by unconnected_temperature.
// Outputs: torque (= shaft torque), torque_electromagnetic, speed, id, iq, electrical_power
// (1.5 (v_d i_d + v_q i_q)), loss_copper, loss_iron, loss_mechanical, loss_total,
// winding_temperature and magnet_temperature (as read on the ports); the quasi-static
// model adds v_d, v_q (steady-state voltages) and power_factor.
#pragma once

#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "engine/framework/component.h"
#include "engine/framework/component_type.h"
#include "models/electric/operating_point.h"
#include "models/electric/pmsm.h"

namespace etsim {

// Parameter specifications shared by PmsmDynamic, PmsmQuasiStatic and FocController (machine data),
// defaults for the reference 800 V sedan machine (Prius 2004 map scaled, docs/models/pmsm.md).
std::vector<NumberParameterSpec> pmsm_number_parameters();
TableParameterSpec pmsm_flux_map_parameter();
// Builds the machine from completed parameter values (flux map when the "flux_map" table is given).
std::shared_ptr<const PmsmModel> make_pmsm_model(const ParameterValues& values);

// What both motor components share: the four ports, the outputs common to both, and the
// temperature fallback for unconnected thermal ports.
class PmsmComponentBase : public Component {
 protected:
  PmsmComponentBase(std::string name, std::shared_ptr<const PmsmModel> motor,
                    double unconnected_temperature);
  // Declares the ports and the common outputs (call after the component's own inputs).
  void declare_ports_and_common_outputs();
  // Port temperature, or unconnected_temperature where the port reads <= 0 K (left open).
  double temperature(const EvalContext& context, int input) const;

  std::shared_ptr<const PmsmModel> motor_;
  double unconnected_temperature_;
  // Input and output indices as compile-time constants (checked with require_index against the
  // declarations in declare_ports_and_common_outputs): compiled kernels then address the inputs and outputs at
  // fixed places and keep them in registers instead of indexing arrays with run-time members.
  // Both components declare two inputs of their own first (v_d, v_q / torque_command, dc_voltage).
  static constexpr int in_speed_ = 2, in_winding_t_ = 3, in_magnet_t_ = 4;
  static constexpr int out_shaft_torque_ = 0, out_winding_heat_ = 1, out_magnet_heat_ = 2,
                       out_iron_heat_ = 3;
  static constexpr int out_torque_ = 4, out_torque_em_ = 5, out_speed_ = 6, out_id_ = 7,
                       out_iq_ = 8;
  static constexpr int out_power_ = 9, out_loss_copper_ = 10, out_loss_iron_ = 11,
                       out_loss_mech_ = 12;
  static constexpr int out_loss_total_ = 13, out_winding_temperature_ = 14,
                       out_magnet_temperature_ = 15;
};

class PmsmDynamic final : public PmsmComponentBase {
 public:
  PmsmDynamic(std::string name, std::shared_ptr<const PmsmModel> motor,
              double unconnected_temperature = 293.15);
  std::string_view type_name() const override { return "PmsmDynamic"; }
  RhsStatus compute_outputs(const EvalContext& context) const override;
  RhsStatus compute_derivatives(const EvalContext& context, double* xdot) const override;
  const PmsmModel& motor() const { return *motor_; }

 private:
  static constexpr int in_v_d_ = 0, in_v_q_ = 1;
};

class PmsmQuasiStatic final : public PmsmComponentBase {
 public:
  PmsmQuasiStatic(std::string name, std::shared_ptr<const PmsmModel> motor,
                  std::shared_ptr<const OperatingPointTable> table,
                  double unconnected_temperature = 293.15);
  std::string_view type_name() const override { return "PmsmQuasiStatic"; }
  RhsStatus compute_outputs(const EvalContext& context) const override;

 private:
  std::shared_ptr<const OperatingPointTable> table_;
  static constexpr int in_torque_command_ = 0, in_dc_voltage_ = 1;
  static constexpr int out_v_d_ = 16, out_v_q_ = 17, out_power_factor_ = 18;
};

// Right-hand-side functions of the dynamic model, here rather than in pmsm_component.cc so that
// compiled kernels (engine/exec/compiled_kernel.h) can inline them.
inline double PmsmComponentBase::temperature(const EvalContext& c, int input) const {
  // A port left open reads 0 K: use the fallback there.
  const double value = c.u[input];
  return value > 0.0 && std::isfinite(value) ? value : unconnected_temperature_;
}

inline RhsStatus PmsmDynamic::compute_outputs(const EvalContext& c) const {
  const PmsmModel& motor = *motor_;
  const double winding_t = temperature(c, in_winding_t_);
  const double magnet_t = temperature(c, in_magnet_t_);
  const double speed = c.u[in_speed_];
  const DqPair psi{c.x[0], c.x[1]};
  const DqPair i = motor.flux_model().current(psi.d, psi.q, motor.magnet_flux_shift(magnet_t));
  if (!std::isfinite(i.d) || !std::isfinite(i.q) || !std::isfinite(speed)) {
    return RhsStatus::Recoverable;
  }
  const double torque_em = motor.electromagnetic_torque(psi, i);
  const PmsmLosses losses = motor.losses(speed, psi, i, winding_t);
  const double shaft_torque = torque_em - losses.iron_torque - losses.mechanical_torque;
  double* y = c.y;
  y[out_shaft_torque_] = shaft_torque;
  y[out_winding_heat_] = losses.copper;
  y[out_magnet_heat_] = losses.mechanical;
  y[out_iron_heat_] = losses.iron;
  y[out_torque_] = shaft_torque;
  y[out_torque_em_] = torque_em;
  y[out_speed_] = speed;
  y[out_id_] = i.d;
  y[out_iq_] = i.q;
  y[out_power_] = 1.5 * (c.u[in_v_d_] * i.d + c.u[in_v_q_] * i.q);
  y[out_loss_copper_] = losses.copper;
  y[out_loss_iron_] = losses.iron;
  y[out_loss_mech_] = losses.mechanical;
  y[out_loss_total_] = losses.copper + losses.iron + losses.mechanical;
  y[out_winding_temperature_] = winding_t;
  y[out_magnet_temperature_] = magnet_t;
  return RhsStatus::Ok;
}

inline RhsStatus PmsmDynamic::compute_derivatives(const EvalContext& c, double* xdot) const {
  const PmsmModel& motor = *motor_;
  const double winding_t = temperature(c, in_winding_t_);
  const DqPair psi{c.x[0], c.x[1]};
  const DqPair i{c.y[out_id_], c.y[out_iq_]};  // written by compute_outputs in this evaluation
  const DqPair rate =
      motor.flux_derivative(psi, i, {c.u[in_v_d_], c.u[in_v_q_]}, c.u[in_speed_], winding_t);
  xdot[0] = rate.d;
  xdot[1] = rate.q;
  return std::isfinite(rate.d) && std::isfinite(rate.q) ? RhsStatus::Ok : RhsStatus::Recoverable;
}

}  // namespace etsim
