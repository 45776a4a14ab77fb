#include "engine/io/hdf5_file.h"

#include <cmath>
#include <limits>
#include <utility>

#include "engine/core/error.h"

namespace etsim::io::hdf5 {
namespace {

// Collects the descriptions of the HDF5 error stack, outermost (the API call) first.
herr_t collect_error_description(unsigned /*position*/, const H5E_error2_t* entry, void* data) {
  auto* descriptions = static_cast<std::vector<std::string>*>(data);
  if (entry->desc != nullptr && entry->desc[0] != '\0') descriptions->emplace_back(entry->desc);
  return 0;
}

// Calls that may fail as part of normal control flow (probing) leave entries on the error stack;
// clearing keeps a later, real error message clean.
void clear_error_stack() { H5Eclear2(H5E_DEFAULT); }

hid_t check_id(hid_t id, const std::string& what) {
  if (id < 0) throw_error(what);
  return id;
}

void check_status(herr_t status, const std::string& what) {
  if (status < 0) throw_error(what);
}

void check_name(const std::string& name, const char* kind) {
  if (name.empty()) throw Error("HDF5: empty " + std::string(kind) + " name");
}

std::string in_quotes(const std::string& text) { return "'" + text + "'"; }

}  // namespace

void silence_error_printing() {
  // HDF5 keeps the automatic error handler per thread in thread-safe builds.
  thread_local bool silenced = false;
  if (!silenced) {
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    silenced = true;
  }
}

void throw_error(const std::string& what) {
  std::vector<std::string> descriptions;
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_DOWNWARD, collect_error_description, &descriptions);
  clear_error_stack();
  std::string message = "HDF5: " + what;
  // The innermost entry usually says what really happened (e.g. errno text); the outermost one
  // what the API call was trying to do. Both, without repeating.
  if (!descriptions.empty()) {
    message += ": " + descriptions.front();
    if (descriptions.size() > 1 && descriptions.back() != descriptions.front()) {
      message += " (" + descriptions.back() + ")";
    }
  }
  throw Error(message);
}

// ---------------------------------------------------------------------------------------- Handle

Handle::Handle(Handle&& other) noexcept
    : id_(std::exchange(other.id_, -1)), close_function_(other.close_function_) {}

Handle& Handle::operator=(Handle&& other) noexcept {
  if (this != &other) {
    reset();
    id_ = std::exchange(other.id_, -1);
    close_function_ = other.close_function_;
  }
  return *this;
}

void Handle::close(const std::string& what) {
  if (id_ < 0) return;
  silence_error_printing();
  // On failure the identifier stays owned: HDF5 may still hold the object open (a file refuses to
  // close while one of its objects is open), and the destructor will try again.
  check_status(close_function_(id_), what);
  id_ = -1;
}

void Handle::reset() noexcept {
  if (id_ < 0) return;
  const hid_t id = std::exchange(id_, -1);
  silence_error_printing();
  if (close_function_(id) < 0) clear_error_stack();
}

// ------------------------------------------------------------------ Dataspace, lists, datatypes

Dataspace Dataspace::scalar() {
  silence_error_printing();
  return Dataspace(check_id(H5Screate(H5S_SCALAR), "cannot create a scalar dataspace"), H5Sclose);
}

Dataspace Dataspace::simple_1d(hsize_t length, hsize_t max_length) {
  silence_error_printing();
  return Dataspace(check_id(H5Screate_simple(1, &length, &max_length), "cannot create a 1-D dataspace"),
                   H5Sclose);
}

hsize_t Dataspace::length_1d() const {
  const hssize_t count = H5Sget_simple_extent_npoints(id());
  if (count < 0) throw_error("cannot get the size of a dataspace");
  return static_cast<hsize_t>(count);
}

PropertyList PropertyList::create(hid_t property_class) {
  silence_error_printing();
  return PropertyList(check_id(H5Pcreate(property_class), "cannot create a property list"), H5Pclose);
}

Datatype Datatype::variable_utf8_string() {
  silence_error_printing();
  Datatype type(check_id(H5Tcopy(H5T_C_S1), "cannot copy the string type"), H5Tclose);
  check_status(H5Tset_size(type.id(), H5T_VARIABLE), "cannot make a variable-length string type");
  check_status(H5Tset_cset(type.id(), H5T_CSET_UTF8), "cannot set UTF-8 on the string type");
  return type;
}

// ---------------------------------------------------------------------------------------- Object

std::string Object::name() const {
  silence_error_printing();
  const ssize_t length = H5Iget_name(id(), nullptr, 0);
  if (length < 0) throw_error("cannot get the name of an object");
  std::string text(static_cast<std::size_t>(length) + 1, '\0');
  H5Iget_name(id(), text.data(), text.size());
  text.resize(static_cast<std::size_t>(length));
  return text;
}

bool Object::has_attribute(const std::string& name) const {
  silence_error_printing();
  const htri_t exists = H5Aexists(id(), name.c_str());
  if (exists < 0) throw_error("cannot check attribute " + in_quotes(name) + " of " + in_quotes(this->name()));
  return exists > 0;
}

std::vector<std::string> Object::attribute_names() const {
  silence_error_printing();
  std::vector<std::string> names;
  auto collect = [](hid_t, const char* attribute_name, const H5A_info_t*, void* data) -> herr_t {
    static_cast<std::vector<std::string>*>(data)->emplace_back(attribute_name);
    return 0;
  };
  check_status(H5Aiterate2(id(), H5_INDEX_NAME, H5_ITER_INC, nullptr, collect, &names),
               "cannot list the attributes of " + in_quotes(name()));
  return names;
}

namespace {

Handle open_attribute(const Object& object, const std::string& name) {
  silence_error_printing();
  const hid_t attribute = H5Aopen(object.id(), name.c_str(), H5P_DEFAULT);
  if (attribute < 0) throw_error("cannot open attribute " + in_quotes(name) + " of " + in_quotes(object.name()));
  return Handle(attribute, H5Aclose);
}

Handle attribute_type(const Handle& attribute, const std::string& name) {
  return Handle(check_id(H5Aget_type(attribute.id()), "cannot get the type of attribute " + in_quotes(name)),
                H5Tclose);
}

bool is_scalar_like(const Handle& attribute) {
  Dataspace space(H5Aget_space(attribute.id()), H5Sclose);
  return space.is_open() && space.length_1d() == 1;
}

}  // namespace

bool Object::attribute_is_string(const std::string& name) const {
  Handle attribute = open_attribute(*this, name);
  Handle type = attribute_type(attribute, name);
  return H5Tget_class(type.id()) == H5T_STRING;
}

void Object::set_string_attribute(const std::string& name, const std::string& value) const {
  check_name(name, "attribute");
  silence_error_printing();
  Datatype string_type = Datatype::variable_utf8_string();
  const char* text = value.c_str();
  const std::string context = "attribute " + in_quotes(name) + " of " + in_quotes(this->name());
  if (has_attribute(name)) {
    Handle attribute = open_attribute(*this, name);
    Handle type = attribute_type(attribute, name);
    if (H5Tget_class(type.id()) == H5T_STRING && H5Tis_variable_str(type.id()) > 0 &&
        is_scalar_like(attribute)) {
      check_status(H5Awrite(attribute.id(), string_type.id(), &text), "cannot write " + context);
      return;
    }
    attribute.reset();
    check_status(H5Adelete(id(), name.c_str()), "cannot replace " + context);
  }
  Dataspace space = Dataspace::scalar();
  Handle attribute(check_id(H5Acreate2(id(), name.c_str(), string_type.id(), space.id(), H5P_DEFAULT,
                                       H5P_DEFAULT),
                            "cannot create " + context),
                   H5Aclose);
  check_status(H5Awrite(attribute.id(), string_type.id(), &text), "cannot write " + context);
}

void Object::set_double_attribute(const std::string& name, double value) const {
  check_name(name, "attribute");
  silence_error_printing();
  const std::string context = "attribute " + in_quotes(name) + " of " + in_quotes(this->name());
  if (has_attribute(name)) {
    Handle attribute = open_attribute(*this, name);
    Handle type = attribute_type(attribute, name);
    if (H5Tget_class(type.id()) == H5T_FLOAT && H5Tget_size(type.id()) == sizeof(double) &&
        is_scalar_like(attribute)) {
      check_status(H5Awrite(attribute.id(), H5T_NATIVE_DOUBLE, &value), "cannot write " + context);
      return;
    }
    attribute.reset();
    check_status(H5Adelete(id(), name.c_str()), "cannot replace " + context);
  }
  Dataspace space = Dataspace::scalar();
  Handle attribute(check_id(H5Acreate2(id(), name.c_str(), H5T_IEEE_F64LE, space.id(), H5P_DEFAULT,
                                       H5P_DEFAULT),
                            "cannot create " + context),
                   H5Aclose);
  check_status(H5Awrite(attribute.id(), H5T_NATIVE_DOUBLE, &value), "cannot write " + context);
}

std::string Object::string_attribute(const std::string& name) const {
  const std::string context = "attribute " + in_quotes(name) + " of " + in_quotes(this->name());
  Handle attribute = open_attribute(*this, name);
  Handle type = attribute_type(attribute, name);
  if (H5Tget_class(type.id()) != H5T_STRING || !is_scalar_like(attribute)) {
    throw Error("HDF5: " + context + " is not a scalar string");
  }
  if (H5Tis_variable_str(type.id()) > 0) {
    Datatype memory_type = Datatype::variable_utf8_string();
    char* text = nullptr;
    check_status(H5Aread(attribute.id(), memory_type.id(), &text), "cannot read " + context);
    std::string value = text != nullptr ? std::string(text) : std::string();
    H5free_memory(text);
    return value;
  }
  const std::size_t size = H5Tget_size(type.id());
  std::string value(size, '\0');
  Handle memory_type(check_id(H5Tcopy(type.id()), "cannot copy the type of " + context), H5Tclose);
  check_status(H5Aread(attribute.id(), memory_type.id(), value.data()), "cannot read " + context);
  // Fixed-length strings are padded with NULs or spaces; the padding is not part of the text.
  const std::size_t end = value.find('\0');
  if (end != std::string::npos) value.resize(end);
  if (H5Tget_strpad(type.id()) == H5T_STR_SPACEPAD) {
    value.erase(value.find_last_not_of(' ') + 1);
  }
  return value;
}

double Object::double_attribute(const std::string& name) const {
  const std::string context = "attribute " + in_quotes(name) + " of " + in_quotes(this->name());
  Handle attribute = open_attribute(*this, name);
  Handle type = attribute_type(attribute, name);
  const H5T_class_t type_class = H5Tget_class(type.id());
  if ((type_class != H5T_FLOAT && type_class != H5T_INTEGER) || !is_scalar_like(attribute)) {
    throw Error("HDF5: " + context + " is not a scalar number");
  }
  double value = 0.0;
  check_status(H5Aread(attribute.id(), H5T_NATIVE_DOUBLE, &value), "cannot read " + context);
  return value;
}

// -------------------------------------------------------------------------------------- Location

bool Location::has_link(const std::string& name) const {
  check_name(name, "link");
  silence_error_printing();
  // H5Lexists fails (rather than answering no) when an intermediate group is missing, so walk the
  // path one component at a time.
  std::size_t end = 0;
  while (end != std::string::npos) {
    end = name.find('/', end + 1);
    const std::string prefix = name.substr(0, end);
    const htri_t exists = H5Lexists(id(), prefix.c_str(), H5P_DEFAULT);
    if (exists < 0) throw_error("cannot check link " + in_quotes(prefix) + " in " + in_quotes(this->name()));
    if (exists == 0) return false;
  }
  return true;
}

std::vector<std::string> Location::link_names() const {
  silence_error_printing();
  std::vector<std::string> names;
  auto collect = [](hid_t, const char* link_name, const H5L_info_t*, void* data) -> herr_t {
    static_cast<std::vector<std::string>*>(data)->emplace_back(link_name);
    return 0;
  };
  check_status(H5Literate(id(), H5_INDEX_NAME, H5_ITER_INC, nullptr, collect, &names),
               "cannot list the members of " + in_quotes(name()));
  return names;
}

bool Location::is_group(const std::string& name) const {
  if (!has_link(name)) return false;
  H5O_info_t info;
  check_status(H5Oget_info_by_name2(id(), name.c_str(), &info, H5O_INFO_BASIC, H5P_DEFAULT),
               "cannot inspect " + in_quotes(name) + " in " + in_quotes(this->name()));
  return info.type == H5O_TYPE_GROUP;
}

Group Location::create_group(const std::string& name) const {
  check_name(name, "group");
  silence_error_printing();
  return Group(check_id(H5Gcreate2(id(), name.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                        "cannot create group " + in_quotes(name) + " in " + in_quotes(this->name())),
               H5Gclose);
}

Group Location::open_group(const std::string& name) const {
  check_name(name, "group");
  silence_error_printing();
  return Group(check_id(H5Gopen2(id(), name.c_str(), H5P_DEFAULT),
                        "cannot open group " + in_quotes(name) + " in " + in_quotes(this->name())),
               H5Gclose);
}

Group Location::open_or_create_group(const std::string& name) const {
  return has_link(name) ? open_group(name) : create_group(name);
}

Dataset Location::open_dataset(const std::string& name) const {
  check_name(name, "dataset");
  silence_error_printing();
  return Dataset(check_id(H5Dopen2(id(), name.c_str(), H5P_DEFAULT),
                          "cannot open dataset " + in_quotes(name) + " in " + in_quotes(this->name())),
                 H5Dclose);
}

Dataset Location::create_extendible_double_dataset(const std::string& name, hsize_t chunk_rows,
                                                   int deflate_level) const {
  check_name(name, "dataset");
  if (chunk_rows == 0) throw Error("HDF5: chunk length of dataset " + in_quotes(name) + " must be positive");
  if (deflate_level < 0 || deflate_level > 9) {
    throw Error("HDF5: deflate level of dataset " + in_quotes(name) + " must be 0..9, got " +
                std::to_string(deflate_level));
  }
  silence_error_printing();
  const std::string context = "dataset " + in_quotes(name) + " in " + in_quotes(this->name());
  PropertyList creation = PropertyList::create(H5P_DATASET_CREATE);
  check_status(H5Pset_chunk(creation.id(), 1, &chunk_rows), "cannot set the chunking of " + context);
  if (deflate_level > 0) {
    if (H5Zfilter_avail(H5Z_FILTER_DEFLATE) <= 0) {
      throw Error("HDF5: this HDF5 library has no deflate (zlib) filter; needed for " + context);
    }
    // Shuffle first: grouping the bytes of equal significance makes doubles compress far better.
    check_status(H5Pset_shuffle(creation.id()), "cannot set the shuffle filter of " + context);
    check_status(H5Pset_deflate(creation.id(), static_cast<unsigned>(deflate_level)),
                 "cannot set the deflate filter of " + context);
  }
  const double fill = std::numeric_limits<double>::quiet_NaN();
  check_status(H5Pset_fill_value(creation.id(), H5T_NATIVE_DOUBLE, &fill),
               "cannot set the fill value of " + context);
  // Timestamps would change the object header at every flush for no benefit.
  check_status(H5Pset_obj_track_times(creation.id(), false), "cannot set time tracking of " + context);
  Dataspace space = Dataspace::simple_1d(0, H5S_UNLIMITED);
  return Dataset(check_id(H5Dcreate2(id(), name.c_str(), H5T_IEEE_F64LE, space.id(), H5P_DEFAULT,
                                     creation.id(), H5P_DEFAULT),
                          "cannot create " + context),
                 H5Dclose);
}

// ------------------------------------------------------------------------------------------ File

namespace {

PropertyList file_access_properties() {
  PropertyList access = PropertyList::create(H5P_FILE_ACCESS);
  // Earliest format: superblock version 0 has no "file is open for writing" flag that would make a
  // file whose writer was killed unreadable without h5clear.
  check_status(H5Pset_libver_bounds(access.id(), H5F_LIBVER_EARLIEST, H5F_LIBVER_LATEST),
               "cannot set the file format bounds");
  // A reader holding the file open (h5py on a live run) must not make the writer's next open fail.
  check_status(H5Pset_file_locking(access.id(), false, true), "cannot switch file locking off");
  // Closing the file with an object still open is a bug in the caller: fail instead of silently
  // keeping the file open (and its metadata unwritten) until that object closes.
  check_status(H5Pset_fclose_degree(access.id(), H5F_CLOSE_SEMI), "cannot set the file close degree");
  return access;
}

}  // namespace

File File::create(const std::string& path) {
  if (path.empty()) throw Error("HDF5: empty file path");
  silence_error_printing();
  PropertyList access = file_access_properties();
  File file(check_id(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, access.id()),
                     "cannot create file " + in_quotes(path)),
            H5Fclose);
  file.path_ = path;
  return file;
}

File File::open(const std::string& path, Access access_mode) {
  if (path.empty()) throw Error("HDF5: empty file path");
  silence_error_printing();
  PropertyList access = file_access_properties();
  const unsigned flags = access_mode == Access::kReadWrite ? H5F_ACC_RDWR : H5F_ACC_RDONLY;
  File file(check_id(H5Fopen(path.c_str(), flags, access.id()), "cannot open file " + in_quotes(path)),
            H5Fclose);
  file.path_ = path;
  return file;
}

void File::close() { Handle::close("cannot close file " + in_quotes(path_)); }

// --------------------------------------------------------------------------------------- Dataset

Dataspace Dataset::dataspace() const {
  silence_error_printing();
  return Dataspace(check_id(H5Dget_space(id()), "cannot get the dataspace of " + in_quotes(name())), H5Sclose);
}

hsize_t Dataset::length() const { return dataspace().length_1d(); }

void Dataset::set_length(hsize_t length) const {
  silence_error_printing();
  check_status(H5Dset_extent(id(), &length), "cannot extend dataset " + in_quotes(name()));
}

namespace {

void select_rows(const Dataspace& file_space, hsize_t first, hsize_t count) {
  check_status(H5Sselect_hyperslab(file_space.id(), H5S_SELECT_SET, &first, nullptr, &count, nullptr),
               "cannot select rows " + std::to_string(first) + ".." + std::to_string(first + count));
}

}  // namespace

void Dataset::write(hsize_t first, hsize_t count, const double* values, hsize_t stride) const {
  if (count == 0) return;
  if (stride == 0) throw Error("HDF5: stride 0 when writing to " + in_quotes(name()));
  Dataspace file_space = dataspace();
  select_rows(file_space, first, count);
  const hsize_t memory_length = (count - 1) * stride + 1;
  Dataspace memory_space = Dataspace::simple_1d(memory_length, memory_length);
  if (stride > 1) {
    const hsize_t start = 0;
    check_status(H5Sselect_hyperslab(memory_space.id(), H5S_SELECT_SET, &start, &stride, &count, nullptr),
                 "cannot select a strided memory block");
  }
  check_status(H5Dwrite(id(), H5T_NATIVE_DOUBLE, memory_space.id(), file_space.id(), H5P_DEFAULT, values),
               "cannot write " + std::to_string(count) + " values to " + in_quotes(name()));
}

void Dataset::read(hsize_t first, hsize_t count, double* values) const {
  if (count == 0) return;
  Dataspace file_space = dataspace();
  select_rows(file_space, first, count);
  Dataspace memory_space = Dataspace::simple_1d(count, count);
  check_status(H5Dread(id(), H5T_NATIVE_DOUBLE, memory_space.id(), file_space.id(), H5P_DEFAULT, values),
               "cannot read " + std::to_string(count) + " values from " + in_quotes(name()));
}

std::vector<double> Dataset::read_all() const {
  std::vector<double> values(length());
  read(0, values.size(), values.data());
  return values;
}

namespace {

PropertyList creation_properties(const Dataset& dataset) {
  silence_error_printing();
  return PropertyList(check_id(H5Dget_create_plist(dataset.id()),
                               "cannot get the creation properties of " + in_quotes(dataset.name())),
                      H5Pclose);
}

}  // namespace

bool Dataset::is_chunked() const {
  return H5Pget_layout(creation_properties(*this).id()) == H5D_CHUNKED;
}

hsize_t Dataset::chunk_length() const {
  PropertyList creation = creation_properties(*this);
  if (H5Pget_layout(creation.id()) != H5D_CHUNKED) return 0;
  hsize_t chunk = 0;
  if (H5Pget_chunk(creation.id(), 1, &chunk) < 0) throw_error("cannot get the chunking of " + in_quotes(name()));
  return chunk;
}

std::vector<H5Z_filter_t> Dataset::filters() const {
  PropertyList creation = creation_properties(*this);
  const int count = H5Pget_nfilters(creation.id());
  if (count < 0) throw_error("cannot get the filters of " + in_quotes(name()));
  std::vector<H5Z_filter_t> result;
  for (int index = 0; index < count; ++index) {
    unsigned flags = 0;
    std::size_t element_count = 0;
    const H5Z_filter_t filter = H5Pget_filter2(creation.id(), static_cast<unsigned>(index), &flags,
                                               &element_count, nullptr, 0, nullptr, nullptr);
    if (filter < 0) throw_error("cannot get filter " + std::to_string(index) + " of " + in_quotes(name()));
    result.push_back(filter);
  }
  return result;
}

}  // namespace etsim::io::hdf5
