// Typed physical ports. A port is a named bundle of a component's inputs and outputs whose kind and
// role fix which variables it carries, their units and directions. Connections join two ports of the
// same kind and complementary roles; the builder refuses anything else, naming both ends.
//
// Causality is fixed per role (a staggered-grid convention: storages give potentials, flow elements
// give flows), so a flattened model needs no symbolic index reduction:
//
//  kind          role A (storage side)                          role B (flow side)
//  Thermal       Node:    out temperature [K], in heat_flow [W]*   Flow:  in temperature, out heat_flow
//  ElectricalDc  Source:  out voltage [V], in current [A]*         Load:  in voltage, out current
//  Rotational    Inertia: out speed [rad/s], in torque [N*m]*      Drive: in speed, out torque
//  Refrigerant   Volume:  out pressure [Pa], out specific_enthalpy [J/kg],
//                         in mass_flow [kg/s]*, in enthalpy_flow [W]*
//                                                                  Flow:  the same, reversed
//  Coolant       Outlet:  out mass_flow [kg/s], out temperature [K] Inlet: the same, reversed
//  Signal        Output:  out value [unit of the signal]           Input: in value
//
//  * summed input: a role-A port accepts any number of role-B ports; the flows are added. Every
//    flow is signed positive INTO the role-A component (heat into the node, current drawn from the
//    source, torque applied to the inertia, mass into the volume).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace etsim {

enum class PortKind { Thermal, ElectricalDc, Rotational, Refrigerant, Coolant, Signal };
enum class PortRole { A, B };  // A: Node/Source/Inertia/Volume/Outlet/Output; B: the other

struct PortVariable {
  std::string name;  // "temperature", "heat_flow", ...
  std::string unit;  // SI unit string
  bool output_of_a;  // true when role A outputs it (role B then inputs it)
  bool summed;       // a role-A input that adds up many connections
};

// The variables of a kind, in a fixed order. For Signal the unit is the signal's own.
const std::vector<PortVariable>& port_variables(PortKind kind);
std::string_view to_string(PortKind kind);
std::string_view role_name(PortKind kind, PortRole role);  // "Node", "Flow", ...

}  // namespace etsim
