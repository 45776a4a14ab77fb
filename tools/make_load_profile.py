#!/usr/bin/python3
"""Derives the default scenario's DC load-current profile from the WLTC class 3b speed trace.

Road-load power of a 1.9 t sedan, P = (m a + m g c_rr + 0.5 rho c_d A v^2) v, divided by a
drive efficiency of 0.9 when driving and multiplied by 0.7 when braking (regeneration), then
I = P / 400 V. The vehicle figures are round numbers of a mid-size EV sedan (see
docs/models/electro-thermal-example.md); the trace is ../shared/data/cycle_wltc_class3b.csv
(NREL FASTSim wltc_3b.csv, provenance in that folder's PROVENANCE.md).

Usage: /usr/bin/python3 tools/make_load_profile.py ../shared/data/cycle_wltc_class3b.csv \
           scenarios/data/wltc_load_current.csv
"""
import csv
import sys

MASS = 1900.0        # kg
GRAVITY = 9.80665    # m/s^2
ROLLING = 0.009      # c_rr
AIR_DENSITY = 1.2    # kg/m^3
DRAG_AREA = 0.53     # c_d * A [m^2]
VOLTAGE = 400.0      # V
DRIVE_EFFICIENCY = 0.9
REGEN_EFFICIENCY = 0.7


def main(source, target):
    with open(source, newline="") as handle:
        rows = list(csv.DictReader(handle))
    time = [float(r["time_s"]) for r in rows]
    speed = [float(r["speed_mps"]) for r in rows]
    with open(target, "w", newline="") as handle:
        handle.write("# DC load current derived from WLTC class 3b by tools/make_load_profile.py\n")
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["time_s", "current_A"])
        for k in range(len(time)):
            # Central difference for the acceleration (one-sided at the ends).
            lo, hi = max(k - 1, 0), min(k + 1, len(time) - 1)
            accel = (speed[hi] - speed[lo]) / (time[hi] - time[lo])
            v = speed[k]
            force = MASS * accel + (MASS * GRAVITY * ROLLING if v > 0 else 0.0) \
                + 0.5 * AIR_DENSITY * DRAG_AREA * v * v
            power = force * v
            power = power / DRIVE_EFFICIENCY if power > 0 else power * REGEN_EFFICIENCY
            writer.writerow([f"{time[k]:g}", f"{power / VOLTAGE:.3f}"])


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
