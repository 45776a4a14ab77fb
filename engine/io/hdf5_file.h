// Thin RAII wrapper over the HDF5 1.10 C API, for etsim's results files.
//
// Every HDF5 identifier is owned by exactly one handle and closed with its matching H5?close when
// the handle dies (move-only). HDF5's automatic error printing is switched off; a failing call
// instead throws etsim::Error whose message names the operation, the object and the innermost
// messages of the HDF5 error stack, e.g.
//   "HDF5: cannot open file '/tmp/x.h5': unable to open file: name = '/tmp/x.h5', errno = 2, ..."
//
// This header includes hdf5.h: include it only from .cc files and tests, never from a public header
// (results_writer.h does not include it).
//
// Files are created with the default, earliest file format (superblock version 0): such files carry
// no "open for writing" status flag that would make h5py refuse a file whose writer died (the
// version-3 superblock of libver "latest" has one). HDF5's file locking is switched off for etsim's own opens, so a live file that someone
// reads with h5py does not make the next flush fail (see docs/results-format.md).
#pragma once

#include <hdf5.h>

#include <cstddef>
#include <string>
#include <vector>

namespace etsim::io::hdf5 {

// Throws etsim::Error "HDF5: <what>: <innermost messages of the HDF5 error stack>" and clears the stack.
[[noreturn]] void throw_error(const std::string& what);

// Turns HDF5's automatic error printing off for the calling thread (HDF5 keeps it per thread in
// thread-safe builds). Every wrapper call does this, so callers need not.
void silence_error_printing();

// Owns one HDF5 identifier. close() reports a failure; the destructor closes silently.
class Handle {
 public:
  using CloseFunction = herr_t (*)(hid_t);

  Handle() = default;
  Handle(hid_t id, CloseFunction close_function) : id_(id), close_function_(close_function) {}
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  Handle(Handle&& other) noexcept;
  Handle& operator=(Handle&& other) noexcept;
  ~Handle() { reset(); }

  hid_t id() const { return id_; }
  bool is_open() const { return id_ >= 0; }

  // Closes the identifier and throws when HDF5 reports a failure (for a file, closing is when the
  // cached metadata reaches the disk, so its failure matters).
  void close(const std::string& what);
  // Closes the identifier, ignoring failures (for destructors and error paths).
  void reset() noexcept;

 private:
  hid_t id_ = -1;
  CloseFunction close_function_ = nullptr;
};

class Dataspace : public Handle {
 public:
  using Handle::Handle;
  static Dataspace scalar();
  static Dataspace simple_1d(hsize_t length, hsize_t max_length);
  hsize_t length_1d() const;  // number of elements of a 1-D (or scalar: 1) dataspace
};

class PropertyList : public Handle {
 public:
  using Handle::Handle;
  static PropertyList create(hid_t property_class);
};

class Datatype : public Handle {
 public:
  using Handle::Handle;
  // Variable-length UTF-8 string type (h5py reads it as str).
  static Datatype variable_utf8_string();
};

// Anything that can carry attributes: a file (its root group), a group or a dataset.
class Object : public Handle {
 public:
  using Handle::Handle;

  bool has_attribute(const std::string& name) const;
  std::vector<std::string> attribute_names() const;  // in creation order when tracked, else by name
  bool attribute_is_string(const std::string& name) const;

  // Create the attribute, or replace its value when it exists (deleted and recreated when its type
  // or shape differs).
  void set_string_attribute(const std::string& name, const std::string& value) const;
  void set_double_attribute(const std::string& name, double value) const;

  // Read a scalar attribute; throw etsim::Error naming the attribute when it is missing or of
  // another kind. Numeric attributes of any integer or float type read as double; strings may be
  // fixed- or variable-length.
  std::string string_attribute(const std::string& name) const;
  double double_attribute(const std::string& name) const;

  std::string name() const;  // the HDF5 path of the object, e.g. "/signals/battery"
};

class Dataset;
class Group;

// A file or a group: something that holds links to groups and datasets.
class Location : public Object {
 public:
  using Object::Object;

  bool has_link(const std::string& name) const;            // name may be a relative path "a/b"
  std::vector<std::string> link_names() const;             // direct children, by name
  bool is_group(const std::string& name) const;            // link exists and points to a group
  Group create_group(const std::string& name) const;
  Group open_group(const std::string& name) const;
  Group open_or_create_group(const std::string& name) const;
  Dataset open_dataset(const std::string& name) const;

  // An empty, extendible 1-D float64 dataset: chunks of chunk_rows elements, shuffle + deflate at
  // deflate_level (no filter when the level is 0), fill value NaN so that a sample that was never
  // written reads as NaN rather than as a plausible zero.
  Dataset create_extendible_double_dataset(const std::string& name, hsize_t chunk_rows,
                                           int deflate_level) const;
};

class Group : public Location {
 public:
  using Location::Location;
};

class File : public Location {
 public:
  using Location::Location;
  enum class Access { kReadOnly, kReadWrite };

  static File create(const std::string& path);  // creates or truncates
  static File open(const std::string& path, Access access);
  // Closes the file and every object still open in it (H5F_CLOSE_STRONG is set at open), throwing
  // when the final write of the metadata fails.
  void close();
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

class Dataset : public Object {
 public:
  using Object::Object;

  Dataspace dataspace() const;
  hsize_t length() const;                 // 1-D datasets
  void set_length(hsize_t length) const;  // extend (or shrink) a chunked 1-D dataset
  // Writes count doubles from values into elements [first, first + count). With a stride, value k
  // is read from values[k * stride] (one column of a row-major table), gathered by HDF5.
  void write(hsize_t first, hsize_t count, const double* values, hsize_t stride = 1) const;
  void read(hsize_t first, hsize_t count, double* values) const;
  std::vector<double> read_all() const;

  // Storage layout facts, for tests and `etsim info`.
  bool is_chunked() const;
  hsize_t chunk_length() const;                // 0 when not chunked
  std::vector<H5Z_filter_t> filters() const;   // in pipeline order
};

}  // namespace etsim::io::hdf5
