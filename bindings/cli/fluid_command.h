#pragma once
// `etsim fluid`: properties of a refrigerant, a glycol coolant or humid air from the command line.
//
//   etsim fluid R1234yf --T 0degC --Q 1            saturated vapour at 0 degC
//   etsim fluid R744 --p 90bar --h 300kJ/kg        transcritical gas-cooler state
//   etsim fluid R134a --table --Tmin=-20degC --Tmax 60degC --step 5K [--csv]   saturation table
//   etsim fluid EG50 --T 80degC                    ethylene glycol 50 vol-% coolant
//   etsim fluid HumidAir --T 25degC --RH 50% [--p 1bar]   (or --w 0.01 for the humidity ratio)
//
// Refrigerant state pairs: (T,p) (T,rho) (T,Q) (p,h) (p,s) (p,Q) (p,rho). Quantities take units
// ("0degC", "90bar", "300kJ/kg"); a bare number is SI. --json prints one JSON object in SI units
// (keys T, p, rho, h, s, u, cp, cv, w, Q, phase; NaN is written as null). For --Q 0 / --Q 1 the
// saturated liquid / vapour is reported (with its single-phase cp and w).
// Bad input throws etsim::InputError with a one-line message (main() prints it and exits with 2).

#include <CLI/CLI.hpp>

namespace etsim::fluid {

void add_fluid_command(CLI::App& app);

}  // namespace etsim::fluid
