#!/usr/bin/python3
"""Turns the long-format semiconductor CSVs of /work/shared/data (digitised datasheet curves from the
LEA Transistor Database, see scenarios/data/semiconductor/PROVENANCE.md) into the per-table CSVs the
etsim power-device model reads (models/electric/power_device.h):

  <stem>_<curve>.csv with columns  t_j_K, current_A, <quantity>

one block of rows per junction temperature (and <stem>_<device>_thermal_foster.csv with columns
r_K_per_W, tau_s), temperatures ascending, current strictly ascending within
a block. Processing: degC -> K; rows sorted by current (the digitiser stored a few points out of
order); where one current appears twice the larger value is kept (the knee point at I = 0). Nothing
is smoothed or resampled. It also fits the switching-energy voltage exponent k_v of the SiC module
from its 600 V and 800 V curves and prints it.

Usage: /usr/bin/python3 tools/semiconductor_tables.py [source_dir] [target_dir]
"""
import csv
import math
import shutil
import sys
from collections import defaultdict
from pathlib import Path

SOURCE = Path(sys.argv[1] if len(sys.argv) > 1 else "/work/shared/data")
TARGET = Path(sys.argv[2] if len(sys.argv) > 2 else Path(__file__).resolve().parent.parent /
              "scenarios/data/semiconductor")

DEVICES = {
    # stem in the source folder -> (short name, reference DC voltage of the energy curves [V])
    "semiconductor_Fuji_2MBI600XEE065-50": ("fuji_2mbi600xee065", 300.0),
    "semiconductor_Wolfspeed_CAB530M12BM3": ("wolfspeed_cab530m12bm3", 600.0),
}


def clean_curve(points):
    """Sort by current, keep the larger value for duplicate currents."""
    by_current = {}
    for current, value in points:
        by_current[current] = max(value, by_current.get(current, -math.inf))
    return sorted(by_current.items())


def write_family(path, quantity, family):
    with open(path, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["t_j_K", "current_A", quantity])
        for t_j_c in sorted(family):
            for current, value in clean_curve(family[t_j_c]):
                writer.writerow([f"{t_j_c + 273.15:.2f}", repr(current), repr(value)])


def interpolate(points, x):
    points = clean_curve(points)
    for (x0, y0), (x1, y1) in zip(points, points[1:]):
        if x0 <= x <= x1:
            return y0 + (y1 - y0) * (x - x0) / (x1 - x0)
    raise ValueError(f"{x} outside {points[0][0]}..{points[-1][0]}")


def main():
    TARGET.mkdir(parents=True, exist_ok=True)
    for stem, (name, reference_voltage) in DEVICES.items():
        for suffix in ("conduction", "switching_energy", "thermal_foster"):
            shutil.copy(SOURCE / f"{stem}_{suffix}.csv", TARGET / f"{stem}_{suffix}.csv")
        conduction = defaultdict(lambda: defaultdict(list))
        with open(SOURCE / f"{stem}_conduction.csv") as handle:
            for row in csv.DictReader(handle):
                conduction[row["device"]][float(row["t_j_C"])].append(
                    (float(row["current_A"]), float(row["voltage_V"])))
        for device, family in conduction.items():
            write_family(TARGET / f"{name}_{device}_conduction.csv", "voltage_V", family)
        foster = defaultdict(list)
        with open(SOURCE / f"{stem}_thermal_foster.csv") as handle:
            for row in csv.DictReader(handle):
                if row["tau_i_s"]:  # the SiC file gives only the total, no terms
                    foster[row["device"]].append((float(row["r_i_K_per_W"]), float(row["tau_i_s"])))
        for device, terms in foster.items():
            with open(TARGET / f"{name}_{device}_thermal_foster.csv", "w", newline="") as handle:
                writer = csv.writer(handle)
                writer.writerow(["r_K_per_W", "tau_s"])
                writer.writerows(terms)
        energy = defaultdict(lambda: defaultdict(lambda: defaultdict(list)))
        with open(SOURCE / f"{stem}_switching_energy.csv") as handle:
            for row in csv.DictReader(handle):
                energy[row["loss_type"]][float(row["v_dc_V"])][float(row["t_j_C"])].append(
                    (float(row["current_A"]), float(row["energy_J"])))
        for loss_type, by_voltage in energy.items():
            write_family(TARGET / f"{name}_{loss_type}_energy.csv", "energy_J",
                         by_voltage[reference_voltage])
        if 800.0 in energy["e_on"]:
            # k_v from E(800 V) / E(600 V) = (800/600)^k_v, averaged over 150..1000 A.
            for loss_type in ("e_on", "e_off"):
                low = energy[loss_type][600.0][25.0]
                high = energy[loss_type][800.0][25.0]
                exponents = [math.log(interpolate(high, i) / interpolate(low, i)) / math.log(800 / 600)
                             for i in range(150, 1001, 50)]
                print(f"{name} {loss_type}: k_v = {sum(exponents) / len(exponents):.3f} "
                      f"(range {min(exponents):.3f}..{max(exponents):.3f})")
            on_off = [math.log((interpolate(energy['e_on'][800.0][25.0], i) +
                                interpolate(energy['e_off'][800.0][25.0], i)) /
                               (interpolate(energy['e_on'][600.0][25.0], i) +
                                interpolate(energy['e_off'][600.0][25.0], i))) / math.log(800 / 600)
                      for i in range(150, 1001, 50)]
            print(f"{name} e_on+e_off: k_v = {sum(on_off) / len(on_off):.3f}")


if __name__ == "__main__":
    main()
