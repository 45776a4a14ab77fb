#!/usr/bin/python3
"""Checks an etsim results file with h5py, independently of etsim's own reader.

Run with Debian's /usr/bin/python3 (it has h5py and numpy). Exits 0 when every check passes, 1 with a
message naming the first failed check otherwise. Signals are listed in the writer's order; signal
number i must hold (i + 1) * time + i (the pattern of results_test_files.h).
"""
import argparse
import re
import sys

import h5py
import numpy as np


def fail(message):
    print("check_results.py: FAILED: " + message)
    sys.exit(1)


def text(value):
    """h5py returns variable-length UTF-8 strings as str, fixed-length ones as bytes."""
    return value.decode() if isinstance(value, (bytes, np.bytes_)) else str(value)


def check_compressed_chunked(dataset, chunk):
    if dataset.dtype != np.float64 or dataset.ndim != 1:
        fail(f"{dataset.name}: expected 1-D float64, got {dataset.ndim}-D {dataset.dtype}")
    if dataset.chunks is None or (chunk and dataset.chunks != (chunk,)):
        fail(f"{dataset.name}: expected chunks ({chunk},), got {dataset.chunks}")
    if dataset.compression != "gzip" or not dataset.shuffle:
        fail(f"{dataset.name}: expected gzip + shuffle, got {dataset.compression}, shuffle={dataset.shuffle}")
    if dataset.maxshape != (None,):
        fail(f"{dataset.name}: expected an unlimited maximum shape, got {dataset.maxshape}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("path")
    parser.add_argument("--signal", action="append", default=[], help="component/signal:units, writer order")
    parser.add_argument("--status", help="expected /meta status (exact)")
    parser.add_argument("--samples", type=int, help="expected number of samples")
    parser.add_argument("--min-samples", type=int, default=0)
    parser.add_argument("--chunk", type=int, default=0, help="expected chunk length")
    parser.add_argument("--meta", action="append", default=[], help="name=value expected /meta text")
    parser.add_argument("--statistic", action="append", default=[], help="[subsystem/]name=value")
    args = parser.parse_args()

    with h5py.File(args.path, "r") as f:
        time = f["time"]
        check_compressed_chunked(time, args.chunk)
        if text(time.attrs["units"]) != "s":
            fail(f"/time units: expected 's', got {time.attrs['units']!r}")
        t = time[...]
        if args.samples is not None and len(t) != args.samples:
            fail(f"/time: expected {args.samples} samples, got {len(t)}")
        if len(t) < args.min_samples:
            fail(f"/time: expected at least {args.min_samples} samples, got {len(t)}")
        if not np.all(np.isfinite(t)):
            fail("/time holds non-finite values (a torn write reads as the NaN fill value)")
        if len(t) > 1 and not np.all(np.diff(t) > 0):
            first = int(np.argmax(np.diff(t) <= 0))
            fail(f"/time not strictly increasing at index {first}: {t[first]} then {t[first + 1]}")

        listed = sorted(f"{c}/{s}" for c in f["signals"] for s in f["signals"][c])
        expected = sorted(spec.split(":", 1)[0] for spec in args.signal)
        if listed != expected:
            fail(f"/signals: expected {expected}, found {listed}")
        for index, spec in enumerate(args.signal):
            name, units = spec.split(":", 1)
            dataset = f["signals/" + name]
            check_compressed_chunked(dataset, args.chunk)
            if text(dataset.attrs["units"]) != units:
                fail(f"{dataset.name} units: expected {units!r}, got {dataset.attrs['units']!r}")
            if "description" not in dataset.attrs:
                fail(f"{dataset.name}: no description attribute")
            values = dataset[...]
            if len(values) != len(t):
                fail(f"{dataset.name}: {len(values)} samples, /time has {len(t)}")
            pattern = (index + 1) * t + index
            if not np.allclose(values, pattern, rtol=1e-14, atol=1e-14):
                bad = int(np.argmax(~np.isclose(values, pattern, rtol=1e-14, atol=1e-14)))
                fail(f"{dataset.name}[{bad}] = {values[bad]}, expected {pattern[bad]}")

        meta = f["meta"]
        for name in ("scenario", "engine_version", "solver", "start_time", "status"):
            if name not in meta.attrs or not isinstance(meta.attrs[name], str):
                fail(f"/meta: missing text attribute {name!r}")
        if not re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", meta.attrs["start_time"]):
            fail(f"/meta start_time {meta.attrs['start_time']!r} is not ISO 8601 UTC")
        for name in ("wall_time", "simulated_time"):
            if name not in meta.attrs or not float(meta.attrs[name]) >= 0.0:
                fail(f"/meta: {name} missing or negative")
        if len(t) > 0 and abs(float(meta.attrs["simulated_time"]) - (t[-1] - t[0])) > 1e-12 * max(1.0, t[-1]):
            fail(f"/meta simulated_time {meta.attrs['simulated_time']} != {t[-1] - t[0]}")
        if args.status is not None and meta.attrs["status"] != args.status:
            fail(f"/meta status: expected {args.status!r}, got {meta.attrs['status']!r}")
        for spec in args.meta:
            name, value = spec.split("=", 1)
            if text(meta.attrs.get(name, "<missing>")) != value:
                fail(f"/meta {name}: expected {value!r}, got {meta.attrs.get(name, '<missing>')!r}")
        if "statistics" not in meta:
            fail("/meta/statistics group missing")
        for spec in args.statistic:
            name, value = spec.split("=", 1)
            group, _, counter = name.rpartition("/")
            attrs = meta["statistics/" + group].attrs if group else meta["statistics"].attrs
            if counter not in attrs or float(attrs[counter]) != float(value):
                fail(f"/meta/statistics {name}: expected {value}, got {attrs.get(counter, '<missing>')}")
    print(f"check_results.py: OK ({len(t)} samples, {len(args.signal)} signals)")


if __name__ == "__main__":
    main()
