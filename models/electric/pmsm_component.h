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
  int in_speed_ = -1, in_winding_t_ = -1, in_magnet_t_ = -1;
  int out_shaft_torque_ = -1, out_winding_heat_ = -1, out_magnet_heat_ = -1, out_iron_heat_ = -1;
  int out_torque_ = -1, out_torque_em_ = -1, out_speed_ = -1, out_id_ = -1, out_iq_ = -1;
  int out_power_ = -1, out_loss_copper_ = -1, out_loss_iron_ = -1, out_loss_mech_ = -1;
  int out_loss_total_ = -1, out_winding_temperature_ = -1, out_magnet_temperature_ = -1;
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
  int in_v_d_ = -1, in_v_q_ = -1;
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
  int in_torque_command_ = -1, in_dc_voltage_ = -1;
  int out_v_d_ = -1, out_v_q_ = -1, out_power_factor_ = -1;
};

}  // namespace etsim
