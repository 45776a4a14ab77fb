// Internal to the scenario loader: reading CSV table files.
// Format: comma separated; the first line that is neither empty nor a '#' comment is the header;
// fields may be double-quoted ("a,b", "" for a quote); spaces around fields are ignored; every
// data row has as many fields as the header.
#pragma once

#include <string>
#include <vector>

#include "engine/core/units.h"

namespace etsim::scenario_detail {

struct CsvField {
  std::string text;
  int column = 0;  // 1-based character column where the field starts
};

struct CsvFile {
  std::string path;
  int header_line = 0;
  std::vector<std::string> header;
  std::vector<std::vector<CsvField>> rows;
  std::vector<int> row_line;  // 1-based line number of each row

  int column_index(const std::string& name) const;  // -1 when absent
};

// Throws InputError naming the file (and line) when it cannot be read, is not a regular file,
// has no header, repeats a header name or has a row of the wrong length.
CsvFile read_csv(const std::string& path);

// Values of one column converted to SI with unit; InputError names file, line and column for a
// field that is not a finite number.
std::vector<double> numeric_column(const CsvFile& file, int column, const units::Unit& unit);

}  // namespace etsim::scenario_detail
