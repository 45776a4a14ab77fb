// Reads a flux-linkage map CSV (header row, columns named i_d_A, i_q_A, psi_d_Wb, psi_q_Wb as in
// scenarios/data/motor/motor_prius_ipmsm_flux_map.csv; other columns are ignored). Scenario files
// normally hand the map to the component as a Table; this reader serves tests, benches and tools.
#pragma once

#include <string>

#include "models/electric/pmsm.h"

namespace etsim {

// Throws InputError naming the file and the missing column or bad row.
FluxMapData read_flux_map_csv(const std::string& path);

}  // namespace etsim
