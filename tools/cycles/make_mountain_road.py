#!/usr/bin/python3
"""Builds the mountain-road scenario data (scenarios/cycles/mountain_road_*.csv).

The road (grade vs distance) and its speed trace (speed vs time) are constructed, not measured;
docs/models/drive-cycles.md explains the choice of numbers. Run with Debian's /usr/bin/python3:

    /usr/bin/python3 tools/cycles/make_mountain_road.py [output_folder]

Road, by distance from the start (grade = rise/run, linear between breakpoints):
    0 ..  500 m   flat approach
  500 ..  700 m   grade ramps 0 -> +9 %
  700 .. 8700 m   sustained +9 % climb (8 km, 720 m of altitude)
 8700 .. 9000 m   crest: +9 % -> -9 %
 9000 .. 17000 m  sustained -9 % descent (8 km)
17000 .. 17200 m  -9 % -> 0
17200 .. 18200 m  flat run-out
Speed trace (1 Hz): 10 s standstill, 0 -> 60 km/h in 20 s (0.83 m/s^2), constant 60 km/h,
60 -> 0 km/h in 20 s so that the trace covers the whole road, then 10 s standstill.
"""
import csv
import math
import os
import sys

CRUISE_KMH = 60.0
RAMP_S = 20          # acceleration and braking time [s]
IDLE_S = 10          # standstill before and after [s]
ROAD = [  # (distance [m], grade [1])
    (0.0, 0.0), (500.0, 0.0), (700.0, 0.09), (8700.0, 0.09), (9000.0, -0.09),
    (17000.0, -0.09), (17200.0, 0.0), (18200.0, 0.0),
]


def speed_trace():
    cruise = CRUISE_KMH / 3.6
    length = ROAD[-1][0]
    ramp_distance = 0.5 * cruise * RAMP_S  # each of the two ramps
    hold = math.ceil((length - 2.0 * ramp_distance) / cruise)  # whole seconds, covers the road
    rows = []
    t_end = IDLE_S + RAMP_S + hold + RAMP_S + IDLE_S
    for t in range(0, t_end + 1):
        if t <= IDLE_S:
            v = 0.0
        elif t <= IDLE_S + RAMP_S:
            v = CRUISE_KMH * (t - IDLE_S) / RAMP_S
        elif t <= IDLE_S + RAMP_S + hold:
            v = CRUISE_KMH
        elif t <= IDLE_S + 2 * RAMP_S + hold:
            v = CRUISE_KMH * (IDLE_S + 2 * RAMP_S + hold - t) / RAMP_S
        else:
            v = 0.0
        rows.append((t, v))
    return rows


def altitude(distance):
    """Exact altitude of the linear-grade road at a distance [m] (integral of sin(atan(g)))."""
    h = 0.0
    for (x0, g0), (x1, g1) in zip(ROAD, ROAD[1:]):
        if distance <= x0:
            break
        x_end = min(distance, x1)
        n = 200  # Simpson's rule on each piece (smooth integrand)
        step = (x_end - x0) / n
        total = 0.0
        for i in range(n + 1):
            x = x0 + i * step
            g = g0 + (g1 - g0) * (x - x0) / (x1 - x0)
            weight = 1 if i in (0, n) else (4 if i % 2 else 2)
            total += weight * g / math.sqrt(1.0 + g * g)
        h += total * step / 3.0
    return h


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "..", "scenarios", "cycles")
    with open(os.path.join(folder, "mountain_road_profile.csv"), "w", newline="") as f:
        f.write("# Constructed mountain road, see tools/cycles/make_mountain_road.py and "
                "docs/models/drive-cycles.md\n")
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["distance_m", "grade", "grade_percent"])
        for x, g in ROAD:
            w.writerow([f"{x:.1f}", f"{g:.4f}", f"{100 * g:.2f}"])
    trace = speed_trace()
    with open(os.path.join(folder, "mountain_road_speed.csv"), "w", newline="") as f:
        f.write("# Constructed speed trace for mountain_road_profile.csv (60 km/h cruise)\n")
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["time_s", "speed_kmh", "speed_mps"])
        for t, v in trace:
            w.writerow([t, f"{v:.1f}", f"{v / 3.6:.5f}"])
    distance = sum(0.5 * (a[1] + b[1]) / 3.6 for a, b in zip(trace, trace[1:]))
    print(f"trace: {trace[-1][0]} s, {distance:.1f} m; road {ROAD[-1][0]:.0f} m; "
          f"summit altitude {altitude(8850.0):.2f} m; end altitude {altitude(ROAD[-1][0]):.3f} m")


if __name__ == "__main__":
    main()
