#include "engine/io/scenario_csv.h"

#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "engine/core/error.h"

namespace etsim::scenario_detail {
namespace {

// Refuses anything that could make "read the whole file" slow or endless (devices, FIFOs, huge
// files); real tables are kilobytes to a few megabytes.
constexpr std::uintmax_t kMaximumBytes = 256u * 1024u * 1024u;

SourceLocation at(const std::string& path, int line = 0, int column = 0) {
  SourceLocation where;
  where.file = path;
  where.line = line;
  where.column = column;
  return where;
}

std::vector<CsvField> split_line(const std::string& line, const std::string& path, int line_number) {
  std::vector<CsvField> fields;
  std::size_t pos = 0;
  for (;;) {
    while (pos < line.size() && (line[pos] == ' ' || line[pos] == '\t')) ++pos;
    CsvField field;
    field.column = static_cast<int>(pos) + 1;
    if (pos < line.size() && line[pos] == '"') {
      ++pos;
      bool closed = false;
      while (pos < line.size()) {
        if (line[pos] == '"') {
          if (pos + 1 < line.size() && line[pos + 1] == '"') {
            field.text += '"';
            pos += 2;
            continue;
          }
          ++pos;
          closed = true;
          break;
        }
        field.text += line[pos++];
      }
      if (!closed) {
        throw InputError(at(path, line_number, field.column), "unterminated quoted field");
      }
      while (pos < line.size() && (line[pos] == ' ' || line[pos] == '\t')) ++pos;
      if (pos < line.size() && line[pos] != ',') {
        throw InputError(at(path, line_number, static_cast<int>(pos) + 1),
                         "text after a quoted field; expected ','");
      }
    } else {
      const std::size_t end = line.find(',', pos);
      field.text = line.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
      while (!field.text.empty() && (field.text.back() == ' ' || field.text.back() == '\t')) {
        field.text.pop_back();
      }
      pos = end == std::string::npos ? line.size() : end;
    }
    fields.push_back(std::move(field));
    if (pos >= line.size()) break;
    ++pos;  // the comma
  }
  return fields;
}

bool is_blank_or_comment(const std::string& line) {
  for (char c : line) {
    if (c == ' ' || c == '\t') continue;
    return c == '#';
  }
  return true;
}

}  // namespace

int CsvFile::column_index(const std::string& name) const {
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (header[i] == name) return static_cast<int>(i);
  }
  return -1;
}

CsvFile read_csv(const std::string& path) {
  std::error_code error;
  const auto status = std::filesystem::status(path, error);
  if (error || !std::filesystem::exists(status)) {
    throw InputError(at(path), "table file not found; expected a CSV file at this path");
  }
  if (!std::filesystem::is_regular_file(status)) {
    throw InputError(at(path), "not a regular file; expected a CSV file");
  }
  const std::uintmax_t size = std::filesystem::file_size(path, error);
  if (error || size > kMaximumBytes) {
    throw InputError(at(path), "table file is larger than 256 MiB or unreadable");
  }
  std::ifstream stream(path, std::ios::binary);
  if (!stream) throw InputError(at(path), "cannot open table file for reading");

  CsvFile file;
  file.path = path;
  std::string line;
  int line_number = 0;
  while (std::getline(stream, line)) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line_number == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);  // UTF-8 BOM
    if (is_blank_or_comment(line)) continue;
    std::vector<CsvField> fields = split_line(line, path, line_number);
    if (file.header_line == 0) {
      file.header_line = line_number;
      for (const CsvField& field : fields) {
        if (field.text.empty()) {
          throw InputError(at(path, line_number, field.column), "empty column name in the header");
        }
        if (file.column_index(field.text) >= 0) {
          throw InputError(at(path, line_number, field.column),
                           "column name '" + field.text + "' appears twice in the header");
        }
        file.header.push_back(field.text);
      }
      continue;
    }
    if (fields.size() != file.header.size()) {
      throw InputError(at(path, line_number),
                       "row has " + std::to_string(fields.size()) + " fields but the header has " +
                           std::to_string(file.header.size()) + "; expected one value per column");
    }
    file.rows.push_back(std::move(fields));
    file.row_line.push_back(line_number);
  }
  if (file.header_line == 0) {
    throw InputError(at(path), "no header row; expected a first line with column names");
  }
  return file;
}

std::vector<double> numeric_column(const CsvFile& file, int column, const units::Unit& unit) {
  std::vector<double> values;
  values.reserve(file.rows.size());
  for (std::size_t r = 0; r < file.rows.size(); ++r) {
    const CsvField& field = file.rows[r][static_cast<std::size_t>(column)];
    std::string_view text = field.text;
    if (!text.empty() && text.front() == '+') text.remove_prefix(1);
    double value = 0.0;
    const auto [end, status] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || status != std::errc() || end != text.data() + text.size() ||
        !std::isfinite(value)) {
      throw InputError(at(file.path, file.row_line[r], field.column),
                       "column '" + file.header[static_cast<std::size_t>(column)] + "': '" +
                           field.text + "' is not a number; expected a finite decimal number");
    }
    const double si = unit.to_si(value);
    if (!std::isfinite(si)) {
      throw InputError(at(file.path, file.row_line[r], field.column),
                       "column '" + file.header[static_cast<std::size_t>(column)] + "': '" +
                           field.text + "' is out of range in SI units");
    }
    values.push_back(si);
  }
  return values;
}

}  // namespace etsim::scenario_detail
