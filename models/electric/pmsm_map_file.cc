#include "models/electric/pmsm_map_file.h"

#include <array>
#include <fstream>
#include <sstream>
#include <vector>

#include "engine/core/error.h"

namespace etsim {

FluxMapData read_flux_map_csv(const std::string& path) {
  std::ifstream file(path);
  if (!file) throw InputError(path + ": cannot open flux map file");
  std::string line;
  if (!std::getline(file, line)) throw InputError(path + ": empty file, expected a CSV header row");
  std::vector<std::string> header;
  {
    std::stringstream stream(line);
    std::string cell;
    while (std::getline(stream, cell, ',')) {
      while (!cell.empty() && (cell.back() == '\r' || cell.back() == ' ')) cell.pop_back();
      header.push_back(cell);
    }
  }
  const std::array<std::string, 4> wanted{"i_d_A", "i_q_A", "psi_d_Wb", "psi_q_Wb"};
  std::array<int, 4> column{-1, -1, -1, -1};
  for (std::size_t k = 0; k < wanted.size(); ++k) {
    for (std::size_t c = 0; c < header.size(); ++c) {
      if (header[c] == wanted[k]) column[k] = static_cast<int>(c);
    }
    if (column[k] < 0) {
      throw InputError(path + ": missing column '" + wanted[k] +
                       "' (expected header with i_d_A, i_q_A, psi_d_Wb, psi_q_Wb)");
    }
  }
  FluxMapData map;
  std::array<std::vector<double>*, 4> targets{&map.current_d, &map.current_q, &map.flux_d,
                                              &map.flux_q};
  int line_number = 1;
  while (std::getline(file, line)) {
    ++line_number;
    if (line.empty() || line == "\r") continue;
    std::vector<std::string> cells;
    std::stringstream stream(line);
    std::string cell;
    while (std::getline(stream, cell, ',')) cells.push_back(cell);
    for (std::size_t k = 0; k < wanted.size(); ++k) {
      const std::size_t c = static_cast<std::size_t>(column[k]);
      try {
        if (c >= cells.size()) throw std::invalid_argument("missing");
        targets[k]->push_back(std::stod(cells[c]));
      } catch (const std::exception&) {
        throw InputError(SourceLocation{path, line_number, static_cast<int>(c) + 1},
                         "expected a number in column '" + wanted[k] + "'");
      }
    }
  }
  return map;
}

}  // namespace etsim
