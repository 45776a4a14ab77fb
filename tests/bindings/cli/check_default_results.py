"""Checks a results file of the default scenario against docs/results-format.md with h5py.

Usage: /usr/bin/python3 check_default_results.py FILE [--killed]
Exit status 0 when every check passes; prints what failed otherwise.
"""
import sys

import h5py
import numpy as np


def main(path, killed):
    with h5py.File(path, "r") as f:
        time = f["time"][...]
        assert time.ndim == 1 and time.size > 0, "empty /time"
        assert f["time"].attrs["units"] == "s", "/time units"
        assert np.all(np.diff(time) > 0), "/time not strictly increasing"
        signals = f["signals"]
        expected = {
            ("coolant", "temperature"): "K",
            ("igbt", "loss"): "W",
            ("igbt_zth", "junction_temperature"): "K",
            ("load", "current"): "A",
            ("thermostat", "command"): "1",
            ("radiator", "mass_flow"): "kg/s",
        }
        for (component, signal), units in expected.items():
            dataset = signals[component][signal]
            assert dataset.attrs["units"] == units, f"{component}/{signal} units {dataset.attrs['units']}"
            assert len(dataset.attrs["description"]) > 0, f"{component}/{signal} description"
            assert dataset.shape == time.shape, f"{component}/{signal} length"
            assert dataset.dtype == np.float64
            assert dataset.compression == "gzip", f"{component}/{signal} not compressed"
            assert dataset.chunks is not None
        for component in signals:
            for name, dataset in signals[component].items():
                assert "units" in dataset.attrs, f"{component}/{name} has no units"
        meta = f["meta"]
        for key in ("scenario", "engine_version", "solver", "start_time", "status"):
            assert key in meta.attrs, f"/meta lacks {key}"
        assert "wall_time" in meta.attrs and "simulated_time" in meta.attrs
        status = meta.attrs["status"]
        if killed:
            assert status == "running", f"status {status}"
        else:
            assert status == "completed", f"status {status}"
            assert "steps" in meta["statistics"].attrs
            # Physics sanity: the junction is never colder than the coolant while losses flow.
            junction = signals["igbt_zth"]["junction_temperature"][...]
            coolant = signals["coolant"]["temperature"][...]
            assert np.all(junction >= coolant - 1e-6), "junction below coolant"
    print("ok", path, time.size, "samples")


if __name__ == "__main__":
    main(sys.argv[1], "--killed" in sys.argv)
