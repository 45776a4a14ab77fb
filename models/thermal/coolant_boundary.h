// Coolant boundaries for liquid loops (port kind Coolant: mass flow and temperature travel
// downstream from an Outlet to an Inlet):
//   CoolantSupply: an Outlet with a prescribed mass flow and inlet temperature, constant or from a
//                  table over time (the coolant reaching a cold plate or motor jacket until the
//                  coolant-loop models replace it by re-wiring);
//   CoolantReturn: an Inlet that absorbs whatever arrives and reports the heat the loop carried
//                  away relative to the supply temperature, Q = m_dot c_p (T_return - T_ref).
#pragma once

#include <string>

#include "engine/core/table1d.h"
#include "engine/framework/component.h"

namespace etsim::thermal {

class CoolantSupply final : public Component {
 public:
  // Tables may be empty (constant values are used then).
  CoolantSupply(std::string name, double mass_flow, double temperature, Table1D mass_flow_profile,
                Table1D temperature_profile);
  std::string_view type_name() const override { return "CoolantSupply"; }
  RhsStatus compute_outputs(const EvalContext& c) const override;
  double next_time_event(double t, const EvalContext& c) const override;

 private:
  double mass_flow_;    // [kg/s]
  double temperature_;  // [K]
  Table1D mass_flow_profile_;
  Table1D temperature_profile_;
};

class CoolantReturn final : public Component {
 public:
  CoolantReturn(std::string name, double specific_heat, double reference_temperature);
  std::string_view type_name() const override { return "CoolantReturn"; }
  RhsStatus compute_outputs(const EvalContext& c) const override;

 private:
  double specific_heat_;          // [J/(kg K)]
  double reference_temperature_;  // [K]
};

}  // namespace etsim::thermal
