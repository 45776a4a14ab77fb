#include "engine/framework/port.h"

namespace etsim {

const std::vector<PortVariable>& port_variables(PortKind kind) {
  static const std::vector<PortVariable> thermal = {
      {"temperature", "K", true, false},
      {"heat_flow", "W", false, true},
  };
  static const std::vector<PortVariable> electrical = {
      {"voltage", "V", true, false},
      {"current", "A", false, true},
  };
  static const std::vector<PortVariable> rotational = {
      {"speed", "rad/s", true, false},
      {"torque", "N*m", false, true},
  };
  static const std::vector<PortVariable> refrigerant = {
      {"pressure", "Pa", true, false},
      {"specific_enthalpy", "J/kg", true, false},
      {"mass_flow", "kg/s", false, true},
      {"enthalpy_flow", "W", false, true},
  };
  static const std::vector<PortVariable> coolant = {
      {"mass_flow", "kg/s", true, false},
      {"temperature", "K", true, false},
  };
  static const std::vector<PortVariable> signal = {
      {"value", "1", true, false},
  };
  switch (kind) {
    case PortKind::Thermal: return thermal;
    case PortKind::ElectricalDc: return electrical;
    case PortKind::Rotational: return rotational;
    case PortKind::Refrigerant: return refrigerant;
    case PortKind::Coolant: return coolant;
    case PortKind::Signal: return signal;
  }
  return signal;
}

std::string_view to_string(PortKind kind) {
  switch (kind) {
    case PortKind::Thermal: return "thermal";
    case PortKind::ElectricalDc: return "electrical DC";
    case PortKind::Rotational: return "rotational";
    case PortKind::Refrigerant: return "refrigerant";
    case PortKind::Coolant: return "coolant";
    case PortKind::Signal: return "signal";
  }
  return "?";
}

std::string_view role_name(PortKind kind, PortRole role) {
  const bool a = role == PortRole::A;
  switch (kind) {
    case PortKind::Thermal: return a ? "Node" : "Flow";
    case PortKind::ElectricalDc: return a ? "Source" : "Load";
    case PortKind::Rotational: return a ? "Inertia" : "Drive";
    case PortKind::Refrigerant: return a ? "Volume" : "Flow";
    case PortKind::Coolant: return a ? "Outlet" : "Inlet";
    case PortKind::Signal: return a ? "Output" : "Input";
  }
  return "?";
}

}  // namespace etsim
